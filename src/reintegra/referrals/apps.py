from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "reintegra.referrals"
    label = "referrals"
