from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "reintegra.complaints"
    label = "complaints"
