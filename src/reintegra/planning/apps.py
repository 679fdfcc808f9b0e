from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "reintegra.planning"
    label = "planning"
    verbose_name = _("Planning")
    nav_items = [
        ("planning:assessment_list", _("Checklists"), "checklist.view"),
        ("planning:plan_list", _("Action plans"), "nap.view"),
    ]
