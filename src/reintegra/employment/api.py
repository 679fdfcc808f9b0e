"""REST API for employers, opportunities, placements with retention checks, and matching.
Employer accounts get nothing here: their own view is the portal page, which shows no case data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.cases.selectors import cases_visible_to
from reintegra.core import audit
from reintegra.core.permissions import organizations_with
from reintegra.employment import matching, selectors
from reintegra.employment.models import Employer, EmployerFeedback, Opportunity, Placement, RetentionCheck
from reintegra.employment.services import employers as employer_services
from reintegra.employment.services import feedback as feedback_services
from reintegra.employment.services import placements as placement_services
from reintegra.skills.selectors import pathway_case_get


class EmployerSerializer(serializers.ModelSerializer):
    listed_in_register = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = ["id", "name", "isic_section", "size", "admin_area", "partnership", "vetting", "vetted_on",
                  "written_contracts", "minimum_wage", "safety_health", "freedom_of_association",
                  "no_recruitment_fees", "listed_in_register"]
        read_only_fields = fields

    def get_listed_in_register(self, obj: Employer) -> bool:
        return obj.register_hit_id is not None


class OpportunitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Opportunity
        fields = ["id", "organization", "employer", "kind", "title", "isco_code", "skills", "admin_area",
                  "hours_per_week", "schedule", "monthly_wage", "contract_type", "min_literacy", "suits_early_stage",
                  "openings", "deadline", "status"]
        read_only_fields = ["id", "status"]


class RetentionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RetentionCheck
        fields = ["id", "month", "due_on", "done_on", "still_employed", "monthly_wage", "satisfied", "note"]
        read_only_fields = ["id", "month", "due_on"]


class PlacementSerializer(serializers.ModelSerializer):
    retention_checks = RetentionSerializer(many=True, read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "case", "opportunity", "employer", "kind", "job_title", "isco_code", "started_on",
                  "monthly_wage", "contract_type", "hours_per_week", "ended_on", "end_reason", "retention_checks"]
        read_only_fields = ["id", "ended_on", "end_reason", "retention_checks"]


class RetentionRecordSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    still_employed = serializers.BooleanField()
    monthly_wage = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    satisfied = serializers.BooleanField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    end_reason = serializers.ChoiceField(choices=Placement.EndReason.choices, required=False, default="")


class MatchSerializer(serializers.Serializer):
    opportunity = OpportunitySerializer()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class EmployerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EmployerSerializer
    filterset_fields = ["admin_area", "vetting", "partnership"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Employer.objects.none()
        return selectors.employers_visible_to(user=self.request.user).order_by("name")


class OpportunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = OpportunitySerializer
    filterset_fields = ["admin_area", "isco_code", "status", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Opportunity.objects.none()
        return selectors.opportunities_visible_to(user=self.request.user).order_by("-id")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = employer_services.opportunity_create(
            actor=self.request.user, organization=data.pop("organization"), employer=data.pop("employer"), **data)


class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PlacementSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        user = self.request.user
        cases = cases_visible_to(user=user).filter(
            organization_id__in=organizations_with(user, "pathway.view")).values("id")
        return Placement.objects.filter(case_id__in=cases).prefetch_related("retention_checks").order_by("-id")

    @extend_schema(request=PlacementSerializer, responses={201: PlacementSerializer})
    def create(self, request: Request) -> Response:
        payload = PlacementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        case = pathway_case_get(user=request.user, case_id=data.pop("case").pk, perm="placement.manage",
                                purpose="api")
        placement = placement_services.placement_create(actor=request.user, case=case, **data)
        return Response(PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RetentionRecordSerializer, responses={200: RetentionSerializer})
    @action(detail=True, methods=["post"], url_path=r"retention/(?P<month>\d+)")
    def retention(self, request: Request, pk: str, month: str) -> Response:
        placement = self.get_object()
        case = pathway_case_get(user=request.user, case_id=placement.case_id, perm="placement.manage",
                                purpose="api")
        check = get_object_or_404(RetentionCheck, placement__case=case, placement=placement, month=month)
        payload = RetentionRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        check = placement_services.retention_check_record(actor=request.user, check=check, **payload.validated_data)
        return Response(RetentionSerializer(check).data)


class EmployerFeedbackSerializer(serializers.ModelSerializer):
    """The comment can be written but is never listed: it may name the person placed."""

    comment = serializers.CharField(write_only=True, required=False, allow_blank=True, default="", max_length=1000)

    class Meta:
        model = EmployerFeedback
        fields = ["id", "organization", "employer", "placement", "given_on", "rating", "comment", "channel"]
        read_only_fields = ["id", "channel"]
        extra_kwargs = {"organization": {"required": False}, "given_on": {"required": True}}


class EmployerFeedbackViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Employer feedback the user may see; recording needs `employer_feedback.record` (about a
    placement: on its case; about the partnership: in `organization`). Out of scope answers 404."""

    serializer_class = EmployerFeedbackSerializer
    filterset_fields = ["employer", "given_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EmployerFeedback.objects.none()
        return selectors.employer_feedback_visible_to(user=self.request.user).order_by("-id")

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", response.data) if isinstance(response.data, dict) else response.data
        placements = [row["placement"] for row in rows if row.get("placement")]
        if placements:
            audit.record(audit.Action.READ, actor=request.user, object_type="employment.employerfeedback",
                         detail={"api": True, "placements": placements})
        return response

    @extend_schema(request=EmployerFeedbackSerializer, responses={201: EmployerFeedbackSerializer})
    def create(self, request: Request) -> Response:
        payload = EmployerFeedbackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        employer = selectors.employer_get(user=request.user, employer_id=data.pop("employer").pk)
        try:
            feedback = feedback_services.feedback_record(actor=request.user, employer=employer, **data)
        except PermissionDenied:
            raise NotFound from None
        return Response(EmployerFeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class MatchViewSet(viewsets.ViewSet):
    """`/matches/{case_id}/`: open opportunities ranked for a case, with the reasons."""

    lookup_value_regex = r"\d+"

    @extend_schema(responses={200: MatchSerializer(many=True)})
    def retrieve(self, request: Request, pk: str) -> Response:
        case = pathway_case_get(user=request.user, case_id=pk, purpose="matching")
        matches = matching.opportunities_for_case(case=case, limit=20)
        audit.record(audit.Action.SEARCH, actor=request.user, organization=case.organization_id, obj=case,
                     detail={"matches": len(matches)})
        return Response(MatchSerializer(matches, many=True).data)


routes = [
    ("employers", EmployerViewSet, "employer"),
    ("opportunities", OpportunityViewSet, "opportunity"),
    ("placements", PlacementViewSet, "placement"),
    ("employer-feedback", EmployerFeedbackViewSet, "employer-feedback"),
    ("matches", MatchViewSet, "match"),
]
