"""The operations app: no models, only the system checks registered when Django starts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "rumbo.ops"
    verbose_name = _("Operación")

    def ready(self) -> None:
        from django.core import checks

        from rumbo import checks as rumbo_checks

        checks.register(rumbo_checks.check_data_dir)
        checks.register(rumbo_checks.check_sqlite_writable)
        checks.register(rumbo_checks.check_debug_in_production, checks.Tags.security)
        checks.register(rumbo_checks.check_trash_days)
