"""REST API for training programmes and enrolments."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.cases.selectors import cases_visible_to
from reintegra.core.models import Organization
from reintegra.core.permissions import organizations_with
from reintegra.skills.selectors import pathway_case_get
from reintegra.training import selectors, services
from reintegra.training.models import DropoutReason, Enrolment, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "organization", "name", "kind", "foundational_subject", "format", "delivery", "isco_code",
                  "duration_weeks", "schedule", "location", "admin_area", "language", "cost", "funding",
                  "qualification", "awarding_body", "open_to", "capacity"]


class EnrolmentSerializer(serializers.ModelSerializer):
    reference = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ["id", "reference", "programme", "status", "enrolled_on", "started_on", "completed_on",
                  "certified_on", "certificate", "dropped_out_on", "dropout_category", "dropout_reason", "stipend",
                  "transport", "childcare", "catch_up_classes", "tools", "other_support"]
        read_only_fields = fields

    def get_reference(self, obj: Enrolment) -> str:
        return f"E-{obj.pk}"


class EnrolSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    programme = serializers.IntegerField()


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Enrolment.Status.choices)
    on = serializers.DateField(required=False)
    certificate = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=DropoutReason.choices, required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = ProgrammeSerializer
    filterset_fields = ["kind", "admin_area", "open_to"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return selectors.programmes_visible_to(user=self.request.user).order_by("name")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        organization: Organization = data.pop("organization")
        serializer.instance = services.programme_create(actor=self.request.user, organization=organization, **data)


class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Enrolments of the cases the user may see, plus the rolls of the user's own programmes."""

    serializer_class = EnrolmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        user = self.request.user
        providers = organizations_with(user, "training.enrol") + organizations_with(user, "training.manage")
        cases = cases_visible_to(user=user).filter(
            organization_id__in=organizations_with(user, "pathway.view")).values("id")
        return Enrolment.objects.filter(Q(case_id__in=cases) | Q(organization_id__in=providers)).order_by("-id")

    @extend_schema(request=EnrolSerializer, responses={201: EnrolmentSerializer})
    def create(self, request: Request) -> Response:
        payload = EnrolSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = pathway_case_get(user=request.user, case_id=payload.validated_data["case"], perm="training.enrol",
                                purpose="api")
        programme = get_object_or_404(selectors.programmes_visible_to(user=request.user),
                                      pk=payload.validated_data["programme"])
        enrolment = services.enrol_case(actor=request.user, case=case, programme=programme)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        enrolment = selectors.enrolment_get(user=request.user, enrolment_id=pk)
        payload = StatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        enrolment = services.enrolment_set_status(actor=request.user, enrolment=enrolment, **payload.validated_data)
        return Response(EnrolmentSerializer(enrolment).data)


routes = [("programmes", ProgrammeViewSet, "programme"), ("enrolments", EnrolmentViewSet, "enrolment")]
