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
