from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "reintegra.employment"
    label = "employment"
