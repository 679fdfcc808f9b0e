from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "reintegra.planning"
    label = "planning"
