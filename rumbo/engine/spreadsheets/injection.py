"""Spreadsheet formula injection: text that a spreadsheet would run as a formula is kept as text.

A note typed as «=HYPERLINK(…)» or «@SUM(…)» must not become a live formula when someone opens
the export in Excel or LibreOffice (OWASP "CSV injection"). Numbers are never touched: −3,5
stays a negative number.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_dangerous(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """For CSV: an apostrophe before a formula-like start, as spreadsheets themselves escape it."""
    return QUOTE + text if is_dangerous(text) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise` on import, so an exported file comes back exactly as it left."""
    if text.startswith(QUOTE) and is_dangerous(text[1:]):
        return text[1:]
    return text
