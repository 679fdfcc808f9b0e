"""HSDS 3.0 read-only API (schema/openapi.json of the specification): /hsds/, /hsds/services,
/hsds/services/{id}, /hsds/organizations, /hsds/organizations/{id}. Pages follow the HSDS `Page`
object (total_items, total_pages, page_number, size, first_page, last_page, empty, contents)."""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import include, path
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.core.permissions import has_any_perm
from reintegra.directory import attributes
from reintegra.directory.hsds.export import (
    HSDS_VERSION,
    organization_object,
    organization_summary,
    service_object,
    service_summary,
)
from reintegra.directory.models import Attribute, Provider, Service

MAX_PER_PAGE = 200
PAGE_PARAMETERS = [OpenApiParameter("page", int), OpenApiParameter("per_page", int), OpenApiParameter("search", str),
                   OpenApiParameter("full", bool)]


def _page(request: Request, queryset: QuerySet, render: Any) -> Response:
    try:
        number = max(1, int(request.query_params.get("page", 1)))
        per_page = min(MAX_PER_PAGE, max(1, int(request.query_params.get("per_page", 50))))
    except (ValueError, OverflowError):
        return Response({"detail": "page and per_page must be whole numbers."}, status=400)
    total = queryset.count()
    pages = max(1, math.ceil(total / per_page))
    # Past the last page: an empty page, without asking the database for an offset it cannot hold.
    items = list(queryset[(number - 1) * per_page: number * per_page]) if number <= pages else []
    return Response({"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
                     "first_page": number == 1, "last_page": number >= pages, "empty": not items,
                     "contents": [render(item) for item in items]})


def _filter_services(services: QuerySet, params: Any) -> QuerySet:
    """organization_id, modified_after (ISO date-time) and taxonomy_term_id, as in the HSDS OpenAPI."""
    if params.get("organization_id"):
        services = services.filter(provider_id=uuid.UUID(params["organization_id"]))
    if params.get("modified_after"):
        moment = parse_datetime(params["modified_after"]) or parse_date(params["modified_after"])
        if moment is None:
            raise ValueError("modified_after must be an ISO date or date-time.")
        services = services.filter(last_modified__gte=moment)
    term_id = params.get("taxonomy_term_id")
    if term_id:
        term = attributes.by_id().get(term_id)
        if term is not None and term.bit is None:
            services = services.filter(service_type=term.code)
        elif term is not None:
            bit = attributes.mask([term.code])
            services = services.alias(term_flag=F("flags").bitand(bit)).filter(term_flag=bit)
        else:
            linked = Attribute.objects.filter(link_entity="service", taxonomy_term_id=uuid.UUID(term_id))
            services = services.filter(pk__in=linked.values("link_id"))
    return services


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
                   parameters=[*PAGE_PARAMETERS, OpenApiParameter("organization_id", str),
                               OpenApiParameter("modified_after", str), OpenApiParameter("taxonomy_term_id", str)])
    def get(self, request: Request) -> Response:
        services = Service.objects.select_related("provider").order_by("name", "id")
        search = request.query_params.get("search", "").replace("\x00", "").strip()
        if search:
            services = services.filter(name__icontains=search)
        try:
            services = _filter_services(services, request.query_params)
        except ValueError as exc:
            return Response({"detail": str(exc)}, status=400)
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
        search = request.query_params.get("search", "").replace("\x00", "").strip()
        if search:
            providers = providers.filter(name__icontains=search)
        full = request.query_params.get("full") == "true"
        return _page(request, providers, (lambda p: organization_object(p)) if full else organization_summary)


class HsdsOrganizationView(HsdsView):
    @extend_schema(operation_id="hsds_organization_get", responses=OpenApiTypes.OBJECT,
                   parameters=[OpenApiParameter("full_service", bool)])
    def get(self, request: Request, pk: str) -> Response:
        provider = Provider.objects.filter(pk=pk).first()
        if provider is None:
            raise Http404
        body = organization_object(provider)
        full = request.query_params.get("full_service") == "true"
        body["services"] = [service_object(s, nest_organization=False) if full else service_summary(s)
                            for s in provider.services.order_by("name", "id")]
        return Response(body)


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
