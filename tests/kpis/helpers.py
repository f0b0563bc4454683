"""What the KPI tests share: the KPI edit form as a browser posts it, with its target rows."""


def one_target_row(value: str = "40", start: str = "2025-01-01", end: str = "2026-12-31") -> dict:
    """The KPI form's target formset with one row (by default the cast's target: 40 from 2025 to 2026)."""
    management = {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
    row = {"0-start": start, "0-end": end, "0-value": value}
    return {f"targets-{key}": text for key, text in (management | row).items()}


def kpi_form_data(cast, kpi, **changes) -> dict:
    """The edit form of `kpi` as a monthly sum of the cast's editor with the cast's target; `changes` replace fields."""
    words = {"description": "", "kind": "kpi", "nature": "quantitative", "indicator": "lagging", "direction": "up"}
    fields = {"name": kpi.name, "unit": kpi.unit, "decimals": "0", "area": "ventas", **words}
    owned = {"objective": str(cast.objective.pk), "owner": str(cast.editor.pk)}
    return fields | owned | {"frequency": "month", "aggregation": "sum"} | one_target_row() | changes
