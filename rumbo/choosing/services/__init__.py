"""Writes of the choosing app; every KPI is created through `rumbo.kpis.services.definitions.kpi_save`."""
