"""Root URLs. Apps with a `urls.py` (and `app_name`) are mounted under their own prefix."""

from importlib import import_module

from django.apps import apps
from django.urls import include, path

APP_PREFIXES = {"core": ""}

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(("reintegra.api.urls", "api"), namespace="api")),
]
for config in apps.get_app_configs():
    if not config.name.startswith("reintegra.") or config.label == "api":
        continue
    try:
        module = import_module(f"{config.name}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.urls":
            raise
        continue
    prefix = APP_PREFIXES.get(config.label, f"{config.label}/")
    urlpatterns.append(path(prefix, include(module)))
