from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "reintegra.monitoring"
    label = "monitoring"
