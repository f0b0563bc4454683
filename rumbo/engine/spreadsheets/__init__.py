"""Reading the spreadsheets cooperatives keep (CSV, XLSX, XLS, ODS) and turning them into KPI values."""
