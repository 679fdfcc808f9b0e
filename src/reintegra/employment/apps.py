from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "reintegra.employment"
    label = "employment"
    nav_items = [
        ("employment:opportunities", _("Opportunities"), "opportunity.view"),
        ("employment:employers", _("Employers"), "employer.view"),
        ("employment:market", _("Market appraisal"), "market.view"),
    ]
    verbose_name = _("Employment and enterprise")
