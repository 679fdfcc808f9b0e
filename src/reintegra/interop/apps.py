from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "reintegra.interop"
    label = "interop"
