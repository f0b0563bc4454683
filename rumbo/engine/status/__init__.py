"""The board's reading of each KPI and objective: status, pace, the sentence it tells and its short summary."""
