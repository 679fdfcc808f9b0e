from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "reintegra.skills"
    label = "skills"
    verbose_name = _("Skills and guidance")

    def ready(self) -> None:
        from reintegra.skills import policies  # noqa: F401  (registers permission rules)
