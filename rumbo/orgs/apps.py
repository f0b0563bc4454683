from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "rumbo.orgs"
    verbose_name = _("Cooperativas")

    def ready(self):
        from rumbo.orgs import editions

        editions.connect()
