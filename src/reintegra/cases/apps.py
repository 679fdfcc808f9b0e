from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "reintegra.cases"
    label = "cases"
    nav_items = [("cases:list", _("Cases"), "case.view_assigned"),
                 ("cases:followups", _("Follow-ups"), "case.view_assigned")]
    verbose_name = _("Cases")

    def ready(self) -> None:
        from reintegra.cases import policies  # noqa: F401  (registers permission rules)
