from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "reintegra.referrals"
    label = "referrals"
    verbose_name = _("Referrals")
    nav_order = 30
    nav_items = [
        ("referrals:list", _("Referrals"), "referral.respond"),
        ("referrals:outcomes", _("Provider outcomes"), "referral.outcomes"),
    ]
