"""API for the platform: who am I, organisations, and the audit trail of one's organisations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.core.models import AuditEvent, Membership, Organization
from reintegra.core.selectors import audit_events_visible_to


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "type", "sector", "country", "admin_area", "is_active"]


class MembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "role", "area_scope", "expires_on"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        memberships = Membership.objects.active().filter(user_id=request.user.pk or 0).select_related("organization")
        return Response(MeSerializer({"username": request.user.get_username(), "memberships": memberships}).data)


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations: everyone signed in may list the network's organisations (no survivor data)."""

    serializer_class = OrganizationSerializer
    queryset = Organization.objects.filter(is_active=True).order_by("name")
    filterset_fields = ["type", "sector", "country", "admin_area"]


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor_label", "organization", "action", "object_type", "object_id",
                  "ip_address", "reason", "detail"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail of the organisations where the user holds audit.view."""

    serializer_class = AuditEventSerializer
    filterset_fields = ["action", "object_type", "object_id", "organization"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return audit_events_visible_to(user=self.request.user)


routes = [
    ("organizations", OrganizationViewSet, "organization"),
    ("audit", AuditEventViewSet, "audit"),
]
