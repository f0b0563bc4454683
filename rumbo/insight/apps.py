from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "rumbo.insight"
    verbose_name = _("Pronósticos y análisis")

    def ready(self):
        # Every reading of a KPI tells its current forecast, wherever it is shown (kpis sits below insight).
        from rumbo.insight.outlooks import forecast_outlooks
        from rumbo.kpis.readings import register_outlook_source

        register_outlook_source(forecast_outlooks)

        # The KPI page shows its forecast and lead check: kpis renders the section without importing insight.
        from rumbo.insight.presenters.pages import forecast_refresh, kpi_insight
        from rumbo.kpis.presenters.sections import PageSection, register_section

        register_section(
            PageSection(
                name="insight",
                template="insight/_kpi_insight.html",
                prepare=forecast_refresh,
                build=lambda kpi, page, refreshed, **kwargs: kpi_insight(kpi, page, refreshed=refreshed, **kwargs),
            )
        )
