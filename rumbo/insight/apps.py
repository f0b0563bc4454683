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
        from rumbo.kpis.presenters.sections import PageSection, deferred, register_section

        kpi_insight = deferred("rumbo.insight.presenters.pages.kpi_insight")
        register_section(
            PageSection(
                name="insight",
                template="insight/_kpi_insight.html",
                prepare=deferred("rumbo.insight.presenters.pages.forecast_read"),
                build=lambda kpi, page, prepared, **kwargs: kpi_insight(kpi, page, prepared=prepared, **kwargs),
            )
        )

        # A change of a KPI's data queues the recomputation of the cooperative's forecasts and lead checks.
        from rumbo.insight.tasks import on_kpi_data_changed
        from rumbo.kpis.changes import kpi_data_changed

        kpi_data_changed.connect(on_kpi_data_changed, dispatch_uid="insight-refresh")
