"""Where a KPI is heading: forecasts with honest ranges."""
