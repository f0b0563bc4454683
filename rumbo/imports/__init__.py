"""Bringing KPI values in from the cooperative's spreadsheets, and taking them out again."""
