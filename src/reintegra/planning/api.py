"""REST API of the checklists and self-assessments (NAP endpoints are in nap_api.py)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.core.models import Organization
from reintegra.planning import evidence, nap_api, reference, selectors, services
from reintegra.planning.models import (
    ActionPoint,
    ActionStatus,
    AnswerChoice,
    AssessmentScope,
    ChecklistAnswer,
    SelfAssessment,
)


class ChecklistItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    section = serializers.CharField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    evidence_backed = serializers.BooleanField()


class ChecklistItemViewSet(viewsets.ViewSet):
    """The 88 checklist items (reference data, paraphrased; numbering as in the ILO guidelines)."""

    @extend_schema(responses={200: ChecklistItemSerializer(many=True)})
    def list(self, request: Request) -> Response:
        items = [{"id": i.id, "section": i.section, "number": i.number, "text": i.text,
                  "evidence_backed": i.id in evidence.RULES} for i in reference.checklist_items().values()]
        return Response(ChecklistItemSerializer(items, many=True).data)


class ChecklistAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistAnswer
        fields = ["item_id", "answer", "comment", "evidence", "owner", "answered_at"]
        read_only_fields = ["answered_at"]
        extra_kwargs = {"answer": {"allow_blank": True}}


class SelfAssessmentSerializer(serializers.ModelSerializer):
    answers = ChecklistAnswerSerializer(many=True, read_only=True)
    scope = serializers.ChoiceField(choices=AssessmentScope.choices, default=AssessmentScope.ORGANIZATION)

    class Meta:
        model = SelfAssessment
        fields = ["id", "organization", "scope", "period_label", "period_start", "period_end", "answers"]


class ChecklistProposalSerializer(serializers.Serializer):
    item_id = serializers.CharField()
    proposed_answer = serializers.CharField()
    summary = serializers.CharField()
    figures = serializers.DictField()
    human_answer = serializers.CharField(allow_blank=True)
    disagrees = serializers.BooleanField()


class ActionPointGenerateSerializer(serializers.Serializer):
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    default_owner = serializers.CharField(required=False, allow_blank=True, default="")


class ChecklistActionPointSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    nap_activities: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True)

    class Meta:
        model = ActionPoint
        fields = ["id", "assessment", "item_id", "description", "owner", "due_on", "status", "nap_activities"]
        read_only_fields = ["assessment", "item_id"]


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SelfAssessmentSerializer
    filterset_fields = ["organization", "scope"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SelfAssessment.objects.none()
        return selectors.assessments_visible_to(user=self.request.user).prefetch_related("answers").order_by("id")

    def get_object(self) -> SelfAssessment:
        return selectors.assessment_get(user=self.request.user, assessment_id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        payload = SelfAssessmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organization = get_object_or_404(Organization, pk=data.pop("organization").pk)
        assessment = services.assessment_create(actor=request.user, organization=organization, **data)
        return Response(SelfAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChecklistAnswerSerializer, responses={200: ChecklistAnswerSerializer})
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: str) -> Response:
        assessment = self.get_object()
        payload = ChecklistAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.answer_record(actor=request.user, assessment=assessment, **payload.validated_data)
        return Response(ChecklistAnswerSerializer(row).data)

    @extend_schema(responses={200: ChecklistProposalSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def proposals(self, request: Request, pk: str) -> Response:
        assessment = self.get_object()
        answers = dict(assessment.answers.values_list("item_id", "answer"))
        rows = []
        for item_id, proposal in evidence.propose_all(assessment).items():
            human = answers.get(item_id, "")
            rows.append({"item_id": item_id, "proposed_answer": proposal.answer, "summary": proposal.summary,
                         "figures": proposal.figures, "human_answer": human,
                         "disagrees": bool(human and human != AnswerChoice.NOT_APPLICABLE
                                           and human != proposal.answer)})
        return Response(ChecklistProposalSerializer(rows, many=True).data)

    @extend_schema(request=ActionPointGenerateSerializer, responses={201: ChecklistActionPointSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="generate-action-points")
    def generate_action_points(self, request: Request, pk: str) -> Response:
        assessment = self.get_object()
        payload = ActionPointGenerateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = services.action_points_generate(actor=request.user, assessment=assessment,
                                                  **payload.validated_data)
        return Response(ChecklistActionPointSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class ActionPointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ChecklistActionPointSerializer
    filterset_fields = ["assessment", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionPoint.objects.none()
        return selectors.action_points_visible_to(user=self.request.user).prefetch_related(
            "nap_activities").order_by("id")

    def partial_update(self, request: Request, pk: str) -> Response:
        action_point = self.get_object()
        payload = ChecklistActionPointSerializer(action_point, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = {"owner": action_point.owner, "due_on": action_point.due_on, "status": action_point.status,
                **payload.validated_data}
        services.action_point_update(actor=request.user, action_point=action_point, **data)
        return Response(ChecklistActionPointSerializer(action_point).data)


routes = [
    ("planning/checklist-items", ChecklistItemViewSet, "planning-checklist-item"),
    ("planning/assessments", AssessmentViewSet, "planning-assessment"),
    ("planning/action-points", ActionPointViewSet, "planning-action-point"),
    *nap_api.routes,
]
