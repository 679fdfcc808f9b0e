"""REST API of National Action Plans: plans with their theory of change, indicators and dashboard."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.core.models import Organization
from reintegra.planning import nap_selectors, nap_services, reference
from reintegra.planning.models import (
    ActionPoint,
    Activity,
    ActivityStatus,
    Indicator,
    IndicatorValue,
    NationalActionPlan,
    Objective,
    Output,
    Pillar,
    PlanStatus,
)


class LegalReferenceSerializer(serializers.Serializer):
    id = serializers.CharField()
    instrument = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    summary = serializers.CharField()
    pillar = serializers.CharField()


class LegalReferenceViewSet(viewsets.ViewSet):
    """P029 articles 1-6 and the R203 paragraphs cited by the NAP guidance (own summaries)."""

    @extend_schema(responses={200: LegalReferenceSerializer(many=True)})
    def list(self, request: Request) -> Response:
        return Response(list(reference.legal_references().values()))


class NapActivitySerializer(serializers.ModelSerializer):
    tracking = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "output", "title", "description", "partners", "budget", "currency", "start_on", "end_on",
                  "status", "progress_note", "action_points", "tracking"]
        read_only_fields = ["action_points", "tracking"]

    def get_tracking(self, activity: Activity) -> str:
        return activity.tracking()


class NapOutputSerializer(serializers.ModelSerializer):
    activities = NapActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Output
        fields = ["id", "objective", "title", "description", "activities"]


class NapObjectiveSerializer(serializers.ModelSerializer):
    outputs = NapOutputSerializer(many=True, read_only=True)
    pillar = serializers.ChoiceField(choices=Pillar.choices)
    legal_refs = serializers.ListField(child=serializers.CharField(), required=False, default=list)

    class Meta:
        model = Objective
        fields = ["id", "pillar", "code", "title", "description", "legal_refs", "outputs"]


class NapIndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "note"]


class NapIndicatorSerializer(serializers.ModelSerializer):
    values = NapIndicatorValueSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "objective", "name", "unit", "baseline_value", "baseline_year", "target_value",
                  "target_year", "live_indicator_code", "values", "progress"]

    def get_progress(self, indicator: Indicator) -> float | None:
        return indicator.progress()


class NationalActionPlanSerializer(serializers.ModelSerializer):
    objectives = NapObjectiveSerializer(many=True, read_only=True)
    indicators = NapIndicatorSerializer(many=True, read_only=True)
    principles = serializers.SerializerMethodField()

    class Meta:
        model = NationalActionPlan
        fields = ["id", "organization", "title", "country", "period_start", "period_end", "long_term_goal",
                  "goal_year", "geography", "status", "principles", "objectives", "indicators"]
        read_only_fields = ["status"]

    def get_principles(self, plan: NationalActionPlan) -> list[dict[str, str]]:
        return [{"title": p.title, "text": p.text, "template_code": p.template_code} for p in plan.principles.all()]


class NapPrincipleInput(serializers.Serializer):
    template_code = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")


class NapActivityProgressInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActivityStatus.choices)
    progress_note = serializers.CharField(required=False, allow_blank=True, default="")
    attach_action_point = serializers.IntegerField(required=False, allow_null=True, default=None)


class NapStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices)


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NationalActionPlanSerializer
    filterset_fields = ["country", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return NationalActionPlan.objects.none()
        return nap_selectors.plans_visible_to(user=self.request.user).order_by("id")

    def get_object(self) -> NationalActionPlan:
        return nap_selectors.plan_get(user=self.request.user, plan_id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        payload = NationalActionPlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organization = get_object_or_404(Organization, pk=data.pop("organization").pk)
        plan = nap_services.plan_create(actor=request.user, organization=organization, **data)
        return Response(NationalActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    def _add(self, request: Request, serializer_class, adder):
        plan = self.get_object()
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        created = adder(plan, dict(payload.validated_data))
        return Response(serializer_class(created).data if hasattr(serializer_class, "Meta") else {"id": created.pk},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=NapPrincipleInput)
    @action(detail=True, methods=["post"])
    def principles(self, request: Request, pk: str) -> Response:
        return self._add(request, NapPrincipleInput, lambda plan, d: nap_services.principle_add(
            actor=request.user, plan=plan, **d))

    @extend_schema(request=NapObjectiveSerializer, responses={201: NapObjectiveSerializer})
    @action(detail=True, methods=["post"])
    def objectives(self, request: Request, pk: str) -> Response:
        return self._add(request, NapObjectiveSerializer, lambda plan, d: nap_services.objective_add(
            actor=request.user, plan=plan, **d))

    @extend_schema(request=NapOutputSerializer, responses={201: NapOutputSerializer})
    @action(detail=True, methods=["post"])
    def outputs(self, request: Request, pk: str) -> Response:
        def add(plan, d):
            objective = get_object_or_404(plan.objectives, pk=d.pop("objective").pk)
            return nap_services.output_add(actor=request.user, objective=objective, **d)
        return self._add(request, NapOutputSerializer, add)

    @extend_schema(request=NapActivitySerializer, responses={201: NapActivitySerializer})
    @action(detail=True, methods=["post"])
    def activities(self, request: Request, pk: str) -> Response:
        def add(plan, d):
            output = get_object_or_404(Output, objective__plan=plan, pk=d.pop("output").pk)
            d.pop("status", None), d.pop("progress_note", None)
            return nap_services.activity_add(actor=request.user, output=output, partners=d.pop("partners", []), **d)
        return self._add(request, NapActivitySerializer, add)

    @extend_schema(request=NapIndicatorSerializer, responses={201: NapIndicatorSerializer})
    @action(detail=True, methods=["post"])
    def indicators(self, request: Request, pk: str) -> Response:
        def add(plan, d):
            objective = d.pop("objective", None)
            if objective is not None:
                objective = get_object_or_404(plan.objectives, pk=objective.pk)
            return nap_services.indicator_add(actor=request.user, plan=plan, objective=objective, **d)
        return self._add(request, NapIndicatorSerializer, add)

    @extend_schema(request=NapIndicatorValueSerializer, responses={201: NapIndicatorValueSerializer})
    @action(detail=True, methods=["post"], url_path=r"indicators/(?P<indicator_id>\d+)/values")
    def indicator_values(self, request: Request, pk: str, indicator_id: str) -> Response:
        def add(plan, d):
            indicator = get_object_or_404(plan.indicators, pk=indicator_id)
            return nap_services.indicator_value_record(actor=request.user, indicator=indicator, **d)
        return self._add(request, NapIndicatorValueSerializer, add)

    @extend_schema(request=NapActivityProgressInput, responses={200: NapActivitySerializer})
    @action(detail=True, methods=["post"], url_path=r"activities/(?P<activity_id>\d+)/progress")
    def activity_progress(self, request: Request, pk: str, activity_id: str) -> Response:
        plan = self.get_object()
        activity = get_object_or_404(plan.activities, pk=activity_id)
        payload = NapActivityProgressInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        nap_services.activity_update_progress(actor=request.user, activity=activity, status=data["status"],
                                              progress_note=data["progress_note"])
        if data["attach_action_point"]:
            action_point = ActionPoint.objects.filter(pk=data["attach_action_point"]).first()
            if action_point is None:
                return Response({"attach_action_point": ["No such action point."]}, status=400)
            nap_services.activity_attach_action_point(actor=request.user, activity=activity,
                                                      action_point=action_point)
        return Response(NapActivitySerializer(activity).data)

    @extend_schema(request=NapStatusInput, responses={200: NationalActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        payload = NapStatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        nap_services.plan_set_status(actor=request.user, plan=plan, status=payload.validated_data["status"])
        return Response(NationalActionPlanSerializer(plan).data)

    @action(detail=True, methods=["get"])
    def dashboard(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        data = nap_selectors.dashboard(plan)
        return Response({
            "by_pillar": data["by_pillar"], "totals": data["totals"],
            "budget_by_pillar": {k: str(v) for k, v in data["budget_by_pillar"].items()},
            "indicators": [{"id": r["indicator"].pk, "name": r["indicator"].name, "progress": r["progress"],
                            "latest": str(r["latest"].value) if r["latest"] else None} for r in data["indicators"]],
            "partners": [{"organization": p["organization"].pk, "name": p["organization"].name,
                          "activities": p["activities"], "done": p["done"], "late": p["late"],
                          "budget": str(p["budget"])} for p in data["partners"]],
        })


routes = [
    ("planning/legal-references", LegalReferenceViewSet, "planning-legal-reference"),
    ("planning/plans", PlanViewSet, "planning-plan"),
]
