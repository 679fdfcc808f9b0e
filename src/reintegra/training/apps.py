from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "reintegra.training"
    label = "training"
    nav_items = [("training:programmes", _("Training"), "training.view")]
    verbose_name = _("Training")

    def ready(self) -> None:
        from reintegra.training import policies  # noqa: F401  (registers permission rules)
