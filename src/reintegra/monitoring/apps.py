from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "reintegra.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")
    nav_items = [
        ("monitoring:dashboard", _("M&E dashboard"), "monitoring.view_dashboard"),
        ("monitoring:plan_list", _("M&E plans"), "monitoring.view_dashboard"),
    ]

    def ready(self) -> None:
        from reintegra.monitoring import policies  # noqa: F401  (registers permission rules)
