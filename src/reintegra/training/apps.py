from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "reintegra.training"
    label = "training"
    nav_items = [("training:programmes", _("Training"), "training.view")]
    verbose_name = _("Training")

    def ready(self) -> None:
        from reintegra.referrals.signals import referral_accepted
        from reintegra.training import policies  # noqa: F401  (registers permission rules)
        from reintegra.training.receivers import enrol_on_accepted_referral

        referral_accepted.connect(enrol_on_accepted_referral, dispatch_uid="training.enrol_on_accepted_referral")
