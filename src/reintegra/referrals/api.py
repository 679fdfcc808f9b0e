"""REST API for referrals. Reads through the selectors, writes through the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.cases.selectors import case_get
from reintegra.core.models import Organization
from reintegra.directory.models import Service
from reintegra.referrals import selectors, services
from reintegra.referrals.models import Outcome, Referral, Urgency


class ReferralSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    recipient_name = serializers.CharField(source="recipient.name", read_only=True)
    do_not_contact = serializers.BooleanField(source="case.survivor.do_not_contact", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "organization", "organization_name", "recipient", "recipient_name", "service", "reason",
                  "urgency", "shared_sections", "status", "response_due", "decline_reason", "outcome",
                  "outcome_note", "sent_at", "responded_at", "closed_at", "do_not_contact"]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    recipient = serializers.IntegerField()
    service = serializers.UUIDField(required=False, allow_null=True, default=None)
    reason = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    sections = serializers.ListField(child=serializers.CharField(), min_length=1)
    response_due = serializers.DateField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SharedCaseSerializer(serializers.Serializer):
    referral = serializers.IntegerField(source="referral.pk")
    survivor_code = serializers.CharField()
    do_not_contact = serializers.BooleanField()
    sections = serializers.DictField()


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReferralSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        user = self.request.user
        outgoing = selectors.referrals_outgoing(user=user).values("id")
        incoming = selectors.referrals_incoming(user=user).values("id")
        return Referral.objects.filter(Q(id__in=outgoing) | Q(id__in=incoming)).select_related(
            "organization", "recipient", "case__survivor").order_by("-created_at", "-id")

    def get_object(self) -> Referral:
        referral, _side = selectors.referral_get(user=self.request.user, referral_id=self.kwargs["pk"])
        return referral

    def _done(self, referral: Referral, code: int = status.HTTP_200_OK) -> Response:
        referral.refresh_from_db()
        return Response(ReferralSerializer(referral).data, status=code)

    @extend_schema(request=ReferralCreateSerializer, responses={201: ReferralSerializer})
    def create(self, request: Request) -> Response:
        payload = ReferralCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = case_get(user=request.user, case_id=data["case"], purpose="referral")
        recipient = get_object_or_404(Organization, pk=data["recipient"])
        service = get_object_or_404(Service, pk=data["service"]) if data["service"] else None
        referral = services.referral_create(actor=request.user, case=case, recipient=recipient, service=service,
                                            reason=data["reason"], urgency=data["urgency"],
                                            sections=data["sections"], response_due=data["response_due"])
        return self._done(referral, status.HTTP_201_CREATED)

    def _call(self, fn: Any, **kwargs: Any) -> Response:
        referral = self.get_object()
        try:
            fn(actor=self.request.user, referral=referral, **kwargs)
        except PermissionDenied as exc:
            raise DRFPermissionDenied(str(exc)) from None
        return self._done(referral)

    @extend_schema(request=None, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        return self._call(services.referral_send)

    @extend_schema(request=None, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._call(services.referral_accept)

    @extend_schema(request=ReasonSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._call(services.referral_decline, reason=payload.validated_data["reason"])

    @extend_schema(request=None, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._call(services.referral_start)

    @extend_schema(request=CompleteSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        payload = CompleteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._call(services.referral_complete, **payload.validated_data)

    @extend_schema(request=ReasonSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._call(services.referral_cancel, reason=payload.validated_data["reason"])

    @extend_schema(responses={200: SharedCaseSerializer})
    @action(detail=True, methods=["get"], url_path="shared-case")
    def shared_case(self, request: Request, pk: str) -> Response:
        view = selectors.referred_case_view(user=request.user, referral_id=int(pk))
        return Response(SharedCaseSerializer(view).data)


routes = [("referrals", ReferralViewSet, "referral")]
