from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "reintegra.skills"
    label = "skills"
