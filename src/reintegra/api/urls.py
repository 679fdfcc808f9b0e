"""Versioned REST API. Each app's `api.py` lists its viewsets in `routes`; they are collected here."""

from importlib import import_module

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reintegra.core.api import MeView

router = DefaultRouter()
extra_paths: list = []
for config in apps.get_app_configs():
    if not config.name.startswith("reintegra."):
        continue
    try:
        module = import_module(f"{config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.api":
            raise
        continue
    for prefix, viewset, basename in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=basename)
    extra_paths += getattr(module, "paths", [])

urlpatterns = [
    path("v1/me/", MeView.as_view(), name="me"),
    path("v1/", include(extra_paths)),
    path("v1/", include(router.urls)),
    # HSDS 3.0 read-only API at the path its OpenAPI describes (also under /api/v1/hsds/).
    path("hsds/", include("reintegra.directory.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
