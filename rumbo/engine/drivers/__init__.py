"""What moves a KPI: leading indicators and the impact of initiatives, measured from the data."""
