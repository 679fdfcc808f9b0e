"""HSDS 3.0 read-only API (schema/openapi.json of the specification): /hsds/, /hsds/services,
/hsds/services/{id}, /hsds/organizations, /hsds/organizations/{id}. Pages follow the HSDS `Page`
object (total_items, total_pages, page_number, size, first_page, last_page, empty, contents)."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.core.permissions import has_any_perm
from reintegra.directory.hsds.export import (
    HSDS_VERSION,
    organization_object,
    organization_summary,
    service_object,
    service_summary,
)
from reintegra.directory.models import Provider, Service

MAX_PER_PAGE = 200
PAGE_PARAMETERS = [OpenApiParameter("page", int), OpenApiParameter("per_page", int), OpenApiParameter("search", str),
                   OpenApiParameter("full", bool)]


def _page(request: Request, queryset: QuerySet, render: Any) -> Response:
    try:
        number = max(1, int(request.query_params.get("page", 1)))
        per_page = min(MAX_PER_PAGE, max(1, int(request.query_params.get("per_page", 50))))
    except ValueError:
        return Response({"detail": "page and per_page must be whole numbers."}, status=400)
    total = queryset.count()
    pages = max(1, math.ceil(total / per_page))
    items = list(queryset[(number - 1) * per_page: number * per_page])
    return Response({"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
                     "first_page": number == 1, "last_page": number >= pages, "empty": not items,
                     "contents": [render(item) for item in items]})


class HsdsView(APIView):
    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not has_any_perm(request.user, "directory.view"):
            raise Http404


class HsdsRootView(HsdsView):
    @extend_schema(operation_id="hsds_meta", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"version": HSDS_VERSION,
                         "profile": "https://docs.openreferral.org/en/v3.0/",
                         "openapi_url": request.build_absolute_uri("/api/schema/")})


class HsdsServicesView(HsdsView):
    @extend_schema(operation_id="hsds_services_list", responses=OpenApiTypes.OBJECT,
                   parameters=[*PAGE_PARAMETERS, OpenApiParameter("organization_id", str)])
    def get(self, request: Request) -> Response:
        services = Service.objects.select_related("provider").order_by("name", "id")
        search = request.query_params.get("search", "").strip()
        if search:
            services = services.filter(name__icontains=search)
        organization_id = request.query_params.get("organization_id")
        if organization_id:
            services = services.filter(provider_id=organization_id)
        full = request.query_params.get("full") == "true"
        return _page(request, services, service_object if full else service_summary)


class HsdsServiceView(HsdsView):
    @extend_schema(operation_id="hsds_service_get", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: str) -> Response:
        service = Service.objects.select_related("provider").filter(pk=pk).first()
        if service is None:
            raise Http404
        return Response(service_object(service))


class HsdsOrganizationsView(HsdsView):
    @extend_schema(operation_id="hsds_organizations_list", responses=OpenApiTypes.OBJECT, parameters=PAGE_PARAMETERS)
    def get(self, request: Request) -> Response:
        providers = Provider.objects.order_by("name", "id")
        search = request.query_params.get("search", "").strip()
        if search:
            providers = providers.filter(name__icontains=search)
        full = request.query_params.get("full") == "true"
        return _page(request, providers, (lambda p: organization_object(p)) if full else organization_summary)


class HsdsOrganizationView(HsdsView):
    @extend_schema(operation_id="hsds_organization_get", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: str) -> Response:
        provider = Provider.objects.filter(pk=pk).first()
        if provider is None:
            raise Http404
        return Response(organization_object(provider, services=True))


# The HSDS endpoints, relative to their mount point: /api/v1/hsds/ (below) and, once mounted by
# api/urls.py with `path("hsds/", include("reintegra.directory.api"))`, /api/hsds/ as the issue asks.
urlpatterns = [
    path("", HsdsRootView.as_view(), name="hsds-root"),
    path("services", HsdsServicesView.as_view(), name="hsds-services"),
    path("services/<uuid:pk>", HsdsServiceView.as_view(), name="hsds-service"),
    path("organizations", HsdsOrganizationsView.as_view(), name="hsds-organizations"),
    path("organizations/<uuid:pk>", HsdsOrganizationView.as_view(), name="hsds-organization"),
]
paths = [path("hsds/", include(urlpatterns))]
