"""What the OKR tests share: the new-objective form as a browser posts it."""


def objective_form(cast, rows: int, *key_results: dict) -> dict:
    """«Vender en la capital» (ventas, the cast's editor) with `rows` key-result rows, filled by `key_results` in order."""
    data = {"title": "Vender en la capital", "type": "aspirational", "area": "ventas", "owner": str(cast.editor.pk)}
    data |= {"kr-TOTAL_FORMS": str(rows), "kr-INITIAL_FORMS": "0", "kr-MIN_NUM_FORMS": "0", "kr-MAX_NUM_FORMS": "7"}
    for i, row in enumerate(key_results):
        data |= {f"kr-{i}-{field}": value for field, value in row.items()}
    return data
