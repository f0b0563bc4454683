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

        # The same for the links to federations on other Rumbos: a change marks them pending and queues their push.
        from rumbo.federation.remote import tasks as remote

        kpi_data_changed.connect(remote.on_values_changed, dispatch_uid="federation-remote-push")

        # A cooperative's own units (orgs sits below) convert what it sends: a change sends it all again.
        from rumbo.federation.tasks import on_local_units_changed
        from rumbo.orgs.signals import local_units_changed

        local_units_changed.connect(on_local_units_changed, dispatch_uid="federation-local-units")
        local_units_changed.connect(remote.on_values_changed, dispatch_uid="federation-remote-local-units")
        post_save.connect(remote.on_kpi_saved, sender="kpis.Kpi", dispatch_uid="federation-remote-kpi-bin")

        # A federation's invitation waiting for a cooperative's admin is said on every page after signing in.
        from django.contrib.auth.signals import user_logged_in

        from rumbo.federation.notices import on_login

        user_logged_in.connect(on_login, dispatch_uid="federation-invitations-notice")

        from rumbo.federation.screens import connect_screens  # the band on a member's KPI page and tiles

        connect_screens()
