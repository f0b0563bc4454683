"""Pages of the KPI app, by topic."""
