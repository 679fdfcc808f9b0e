"""REST API for cases. Reads go through the selectors; writes through the services."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.cases import selectors, services
from reintegra.cases.api_lifecycle import (
    CaseLifecycleMixin,
    FollowUpDueViewSet,
    ScreeningCatalogueView,
    ScreeningEvaluateView,
)
from reintegra.cases.models import Case, CaseStatus
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.people.models import Gender
from reintegra.people.services import Identity


class CaseSerializer(serializers.ModelSerializer):
    survivor_code = serializers.CharField(source="survivor.code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    case_manager_username = serializers.CharField(source="case_manager.username", read_only=True, default="")

    class Meta:
        model = Case
        fields = ["id", "survivor_code", "organization", "organization_name", "case_manager",
                  "case_manager_username", "status", "admin_area", "opened_on", "closed_on"]
        read_only_fields = fields


class IdentitySerializer(serializers.Serializer):
    survivor_code = serializers.CharField(read_only=True)
    given_name = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True)
    birth_date = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    do_not_contact = serializers.BooleanField(read_only=True)
    safe_contact_instructions = serializers.CharField(read_only=True)


class CaseOpenSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = serializers.RegexField(r"^[A-Z]{2}$", required=False, allow_blank=True, default="")
    admin_area = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    confirm_new_person = serializers.BooleanField(
        default=False, help_text="Set after checking the possible duplicates returned with status 409.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs["given_name"] or attrs["family_name"]):
            raise serializers.ValidationError({"given_name": "Enter at least a given name or a family name."})
        return attrs


NAME_IN_QUERY_STRING = ("Names are never accepted in a query string (URLs end up in logs and browser history). "
                        "GET ?q= takes a survivor code or its beginning (S-...); POST a name to "
                        "/api/v1/cases/search/ instead. Nothing was searched.")


class CaseSearchSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, trim_whitespace=True,
                              help_text="Exact full name (given and family name) or a survivor code prefix.")
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False, allow_blank=True, default="")
    organization = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                            max_value=2**63 - 1)
    admin_area = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    page = serializers.IntegerField(min_value=1, max_value=2**31 - 1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=200, default=50)


class CaseSearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = CaseSerializer(many=True)


class CaseViewSet(CaseLifecycleMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    filterset_fields = ["status", "organization", "admin_area"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        request = self.request
        return selectors.case_search(
            user=request.user,
            query=request.query_params.get("q", ""),
        ).order_by("-opened_on", "-id")

    def get_object(self) -> Case:
        return selectors.case_get(user=self.request.user, case_id=self.kwargs["pk"], purpose="api")

    @extend_schema(parameters=[OpenApiParameter(
        "q", str, description="A survivor code or its beginning (S-...). A name is refused with 400 and not "
                              "searched: POST it to search/.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = request.query_params.get("q", "").strip()
        if query and not selectors.is_code_query(query):
            return Response({"q": [NAME_IN_QUERY_STRING]}, status=status.HTTP_400_BAD_REQUEST)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CaseSearchSerializer, responses={200: CaseSearchResultSerializer},
                   description="Search visible cases by exact full name or survivor code, with the name in the "
                               "body so it never appears in a URL. The page number is posted too.")
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        payload = CaseSearchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        cases = selectors.case_search(user=request.user, query=data["q"], status=data["status"],
                                      organization_id=data["organization"], admin_area=data["admin_area"],
                                      ).order_by("-opened_on", "-id")
        page = Paginator(cases, data["page_size"]).get_page(data["page"])
        return Response(CaseSearchResultSerializer({
            "count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            "results": list(page.object_list)}).data)

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        payload = CaseOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organization = get_object_or_404(Organization, pk=data["organization"])
        birth_date = data["birth_date"].isoformat() if data["birth_date"] else ""
        duplicates = services.intake_duplicates(actor=request.user, organization=organization,
                                                given_name=data["given_name"], family_name=data["family_name"],
                                                birth_date=birth_date)
        if duplicates and not data["confirm_new_person"]:
            return Response({"detail": "This person may already be registered; nothing was created. Check the "
                                       "candidates, then resend with confirm_new_person=true if this is "
                                       "someone else.",
                             "duplicates": [vars(m) for m in duplicates]}, status=status.HTTP_409_CONFLICT)
        case = services.case_open(
            actor=request.user,
            organization=organization,
            identity=Identity(given_name=data["given_name"], family_name=data["family_name"],
                              birth_date=birth_date, phone=data["phone"]),
            admin_area=data["admin_area"],
            gender=data["gender"],
            nationality=data["nationality"],
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: IdentitySerializer})
    @action(detail=True, methods=["get"])
    def identity(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if not has_org_perm(request.user, "survivor.view_identity", case.organization_id):
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        survivor = case.survivor
        audit.record(audit.Action.READ, actor=request.user, organization=case.organization_id, obj=survivor,
                     detail={"fields": "identity", "via": "api"})
        names = ("given_name", "family_name", "birth_date", "phone", "email", "address", "do_not_contact",
                 "safe_contact_instructions")
        values = {name: getattr(survivor, name) for name in names}
        if survivor.do_not_contact:
            # "Do not contact" is honoured wherever contact details would appear.
            values.update(phone="", email="", address="")
        return Response(IdentitySerializer({"survivor_code": survivor.code, **values}).data)


routes = [("cases", CaseViewSet, "case"), ("follow-ups/due", FollowUpDueViewSet, "followup-due")]
paths = [
    path("screening/catalogue/", ScreeningCatalogueView.as_view(), name="screening-catalogue"),
    path("screening/evaluate/", ScreeningEvaluateView.as_view(), name="screening-evaluate"),
]
