from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "reintegra.core"
    label = "core"
    nav_order = 90
    nav_items = [("core:members", _("Members"), "membership.manage"), ("core:audit", _("Audit trail"), "audit.view")]
    verbose_name = _("Platform")

    def ready(self) -> None:
        from reintegra.core import permissions, signals  # noqa: F401  (register rules and login audit)
