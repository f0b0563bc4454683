"""The federation app's configuration: it plugs into kpis' signals without kpis importing it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "rumbo.federation"
    verbose_name = _("Federaciones")

    def ready(self):
        # A change of a shared KPI's values queues the push of the member's contributions (kpis sits below).
        from rumbo.federation.tasks import on_values_changed
        from rumbo.kpis.changes import kpi_data_changed

        kpi_data_changed.connect(on_values_changed, dispatch_uid="federation-push")

        # A shared KPI moved to the bin (or back) is pushed too: the bin sends no data change.
        from django.db.models.signals import post_save

        from rumbo.federation.tasks import on_kpi_saved

        post_save.connect(on_kpi_saved, sender="kpis.Kpi", dispatch_uid="federation-kpi-bin")

        from rumbo.federation.screens import connect_screens  # the band on a member's KPI page and tiles

        connect_screens()
