from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "reintegra.directory"
    label = "directory"
