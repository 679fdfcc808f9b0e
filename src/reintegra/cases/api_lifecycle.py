"""Case-lifecycle endpoints under /api/v1/cases/{id}/…: each reads the case through the scoped
selector (404 when out of scope) and writes through a service (consent and permissions enforced)."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.relations import PrimaryKeyRelatedField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.cases import api_serializers as s
from reintegra.cases import screening, selectors, services
from reintegra.cases.models import (
    OUTCOME_DOMAINS,
    CaseShare,
    FollowUp,
    Identification,
    Need,
    PlanAction,
    PlanGoal,
    Protection,
    ReintegrationPlan,
)
from reintegra.core.permissions import has_org_perm
from reintegra.people.consent import consent_overview

GUARDIAN_IDENTITY = ("guardian_name", "guardian_contact")


def _created(data: Any) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


class CaseLifecycleMixin:
    """Actions mixed into the case viewset; `get_object()` is the scoped, audited case read."""

    get_object: Any

    def _valid(self, serializer_class: Any, request: Request, **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(data=request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=s.CaseScreeningInSerializer, responses={200: s.CaseScreeningSerializer(many=True),
                                                               201: s.CaseScreeningSerializer})
    @action(detail=True, methods=["get", "post"])
    def screenings(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseScreeningSerializer(case.screenings.all(), many=True).data)
        data = self._valid(s.CaseScreeningInSerializer, request)
        record = services.screening_record(actor=request.user, case=case, age=data["age"],
                                           indicators=data["indicators"], presume_minor=data["presume_minor"])
        return _created(s.CaseScreeningSerializer(record).data)

    @extend_schema(request=s.CaseIdentificationSerializer, responses=s.CaseIdentificationSerializer)
    @action(detail=True, methods=["get", "put"])
    def identification(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            record = Identification.objects.filter(case=case).first()
            return Response(s.CaseIdentificationSerializer(record).data if record else {})
        data = self._valid(s.CaseIdentificationSerializer, request)
        return Response(s.CaseIdentificationSerializer(
            services.identification_save(actor=request.user, case=case, **data)).data)

    @extend_schema(request=s.CaseExploitationSerializer, responses=s.CaseExploitationSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def exploitation(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseExploitationSerializer(case.exploitation.all(), many=True).data)
        data = self._valid(s.CaseExploitationSerializer, request)
        return _created(s.CaseExploitationSerializer(services.exploitation_add(actor=request.user, case=case,
                                                                           **data)).data)

    @extend_schema(request=s.CaseConsentSerializer, responses=s.CaseConsentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def consents(self, request: Request, pk: str) -> Response:
        """GET: the decision in force per purpose (and organisation). POST: record a decision."""
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseConsentSerializer(consent_overview(survivor=case.survivor), many=True).data)
        data = self._valid(s.CaseConsentSerializer, request)
        consent = services.case_consent_record(actor=request.user, case=case, **data)
        return _created(s.CaseConsentSerializer(consent).data)

    @extend_schema(request=s.CaseShareSerializer, responses=s.CaseShareSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def shares(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            active = CaseShare.objects.filter(case=case, ended_on__isnull=True)
            return Response(s.CaseShareSerializer(active, many=True).data)
        data = self._valid(s.CaseShareSerializer, request)
        share = services.case_share(actor=request.user, case=case, **data)
        return _created(s.CaseShareSerializer(share).data)

    @extend_schema(request=s.CaseProtectionSerializer, responses=s.CaseProtectionSerializer)
    @action(detail=True, methods=["get", "put"])
    def protection(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            record = Protection.objects.filter(case=case).first()
        else:
            data = self._valid(s.CaseProtectionSerializer, request, partial=True)
            record = services.protection_save(actor=request.user, case=case, **data)
        body = dict(s.CaseProtectionSerializer(record).data) if record else {}
        if body and not has_org_perm(request.user, "survivor.view_identity", case.organization_id):
            # The guardian's name and contact identify the child: only for roles that see identity.
            body.update({name: "" for name in GUARDIAN_IDENTITY})
        return Response(body)

    @extend_schema(request=s.CaseNeedsAssessmentSerializer, responses=s.CaseNeedsAssessmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="needs-assessments")
    def needs_assessments(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseNeedsAssessmentSerializer(case.needs_assessments.prefetch_related("needs"),
                                                        many=True).data)
        data = self._valid(s.CaseNeedsAssessmentSerializer, request)
        data["needs"] = [dict(n) for n in data.get("needs", [])]
        return _created(s.CaseNeedsAssessmentSerializer(services.needs_assessment_record(
            actor=request.user, case=case, **data)).data)

    @extend_schema(request=s.CaseOutcomeSerializer, responses=s.CaseOutcomeSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def outcomes(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseOutcomeSerializer(case.outcomes.all(), many=True).data)
        data = self._valid(s.CaseOutcomeSerializer, request)
        scores = {code: data.pop(code) for code, _label in OUTCOME_DOMAINS}
        outcome = services.outcome_record(actor=request.user, case=case, scores=scores, **data)
        return _created(s.CaseOutcomeSerializer(outcome).data)

    @extend_schema(request=s.CasePlanSerializer, responses=s.CasePlanSerializer)
    @action(detail=True, methods=["get", "put"])
    def plan(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            plan = ReintegrationPlan.objects.filter(case=case).first()
            return Response(s.CasePlanSerializer(plan).data if plan else {})
        data = self._valid(s.CasePlanSerializer, request)
        return Response(s.CasePlanSerializer(services.plan_save(actor=request.user, case=case, **data)).data)

    @extend_schema(request=s.CasePlanGoalSerializer, responses={201: s.CasePlanGoalSerializer})
    @action(detail=True, methods=["post"], url_path="plan/goals")
    def plan_goals(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self._valid(s.CasePlanGoalSerializer, request)
        return _created(s.CasePlanGoalSerializer(services.plan_goal_add(actor=request.user, case=case, **data)).data)

    @extend_schema(request=s.CasePlanActionSerializer, responses={201: s.CasePlanActionSerializer})
    @action(detail=True, methods=["post"], url_path="plan/actions")
    def plan_actions(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        serializer = s.CasePlanActionSerializer(data=request.data)
        goal_field = cast(PrimaryKeyRelatedField, serializer.fields["goal"])
        goal_field.queryset = PlanGoal.objects.filter(plan__case=case)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        action_ = services.plan_action_add(actor=request.user, case=case, **data)
        return _created(s.CasePlanActionSerializer(action_).data)

    @extend_schema(request=s.CaseFollowUpSerializer, responses=s.CaseFollowUpSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="follow-ups")
    def follow_ups(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseFollowUpSerializer(case.follow_ups.select_related("case__survivor"), many=True).data)
        data = self._valid(s.CaseFollowUpSerializer, request)
        return _created(s.CaseFollowUpSerializer(services.followup_record(actor=request.user, case=case,
                                                                      **data)).data)

    @extend_schema(request=s.CaseItemStatusInSerializer, responses={200: None})
    @action(detail=True, methods=["post"], url_path="item-status")
    def item_status(self, request: Request, pk: str) -> Response:
        """Set the status of a plan goal, a plan action, or a need (open/met)."""
        case = self.get_object()
        data = self._valid(s.CaseItemStatusInSerializer, request)
        kinds: dict[str, tuple[Any, Any]] = {"goal": (PlanGoal, services.plan_goal_set_status),
                                             "action": (PlanAction, services.plan_action_set_status),
                                             "need": (Need, services.need_set_status)}
        model, save = kinds[data["kind"]]
        item = model.objects.filter(pk=data["id"], organization_id=case.organization_id).first()
        if item is None:
            return Response({"id": ["Not found in this case."]}, status=status.HTTP_400_BAD_REQUEST)
        save(actor=request.user, case=case, **{data["kind"]: item}, status=data["status"])
        return Response({"kind": data["kind"], "id": item.pk, "status": data["status"]})

    @extend_schema(request=s.CasePhaseInSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def phase(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        services.phase_change(actor=request.user, case=case, **self._valid(s.CasePhaseInSerializer, request))
        return _created({"phase": case.phase, "status": case.status})

    @extend_schema(request=s.CaseCloseInSerializer, responses={200: None})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        case = services.case_close(actor=request.user, case=self.get_object(),
                                   **self._valid(s.CaseCloseInSerializer, request))
        return Response({"status": case.status, "closed_on": case.closed_on})

    @extend_schema(request=s.CaseReopenInSerializer, responses={200: None})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        case = services.case_reopen(actor=request.user, case=self.get_object(),
                                    **self._valid(s.CaseReopenInSerializer, request))
        return Response({"status": case.status})


class FollowUpDueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Pending contacts (overdue or due within `days`, default 7) on the user's cases."""

    serializer_class = s.CaseFollowUpSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUp.objects.none()
        try:
            days = max(0, min(int(self.request.query_params.get("days", 7)), 366))
        except ValueError:
            days = 7
        return selectors.followups_due(user=self.request.user, within_days=days)


class ScreeningCatalogueView(APIView):
    """The forced-labour screening catalogue (no survivor data)."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response(screening.load_catalogue().as_dict())


class ScreeningEvaluateView(APIView):
    """Apply the screening rule to anonymous input ({age, indicators}); nothing is stored."""

    @extend_schema(request=s.CaseScreeningInSerializer, responses={200: dict})
    def post(self, request: Request) -> Response:
        data = s.CaseScreeningInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = screening.evaluate(data.validated_data["age"], data.validated_data["indicators"],
                                        presume_minor_if_unknown=data.validated_data["presume_minor"])
        except screening.ScreeningError as exc:
            return Response({"indicators": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result.as_dict())
