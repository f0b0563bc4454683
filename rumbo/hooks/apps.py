from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HooksConfig(AppConfig):
    name = "rumbo.hooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # A write of KPI data may change a status, and a write of values announces them (kpis sits below hooks).
        from rumbo.hooks.tasks import on_kpi_data_changed, on_values_arrived
        from rumbo.kpis.changes import kpi_data_changed, values_arrived

        kpi_data_changed.connect(on_kpi_data_changed, dispatch_uid="hooks-status")
        values_arrived.connect(on_values_arrived, dispatch_uid="hooks-values")
