"""REST API for skills: occupation/skill suggestions (never stored), the profile of a case, and
confirming a code. Reads go through the scoped selectors, writes through the services."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.core.permissions import has_any_perm
from reintegra.skills import coding, selectors, services
from reintegra.skills.models import CodedItem, GuidanceGoal, SkillsProfile


class SuggestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    matched = serializers.CharField()
    score = serializers.FloatField()
    semantic = serializers.FloatField()
    lexical = serializers.FloatField()


class SuggestRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300, error_messages={"blank": "Give some words to code."})
    kind = serializers.ChoiceField(choices=CodedItem.Kind.choices, default=CodedItem.Kind.OCCUPATION)


class CodedItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CodedItem
        fields = ["id", "kind", "code", "label", "source_text", "years", "confirmed_at"]
        read_only_fields = ["id", "label", "confirmed_at"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuidanceGoal
        fields = ["id", "kind", "description", "isco_code", "non_traditional", "non_traditional_discussed",
                  "target_date", "status"]


class ProfileSerializer(serializers.ModelSerializer):
    coded_items = CodedItemSerializer(many=True, read_only=True)

    class Meta:
        model = SkillsProfile
        fields = ["case", "literacy", "numeracy", "languages", "work_experience", "interests", "constraints",
                  "preferred_areas", "max_hours_per_week", "matching_consent_on", "coded_items"]
        read_only_fields = ["case", "coded_items"]


class ConfirmSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CodedItem.Kind.choices)
    code = serializers.CharField(max_length=200)
    source_text = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SkillsProfileViewSet(viewsets.ViewSet):
    """`/skills/{case_id}/`: the skills profile of a case; `suggest` (POST) proposes codes for free text."""

    lookup_value_regex = r"\d+"

    @extend_schema(responses={200: ProfileSerializer})
    def retrieve(self, request: Request, pk: str) -> Response:
        case = selectors.pathway_case_get(user=request.user, case_id=pk, purpose="api")
        profile = selectors.profile_of(case)
        if profile is None:
            return Response({"detail": "No skills profile yet."}, status=status.HTTP_404_NOT_FOUND)
        return Response(ProfileSerializer(profile).data)

    @extend_schema(request=ProfileSerializer, responses={200: ProfileSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        case = selectors.pathway_case_get(user=request.user, case_id=pk, perm="skills.change", purpose="api")
        payload = ProfileSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        profile = services.profile_save(actor=request.user, case=case, **payload.validated_data)
        return Response(ProfileSerializer(profile).data)

    @extend_schema(request=ConfirmSerializer, responses={201: CodedItemSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        case = selectors.pathway_case_get(user=request.user, case_id=pk, perm="skills.change", purpose="api")
        payload = ConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.coded_item_confirm(actor=request.user, case=case, **payload.validated_data)
        return Response(CodedItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalSerializer, responses={201: GoalSerializer})
    @action(detail=True, methods=["post"])
    def goals(self, request: Request, pk: str) -> Response:
        case = selectors.pathway_case_get(user=request.user, case_id=pk, perm="skills.change", purpose="api")
        payload = GoalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("status", None)
        goal = services.goal_add(actor=request.user, case=case, **data)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SuggestRequestSerializer, responses={200: SuggestionSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def suggest(self, request: Request) -> Response:
        """POST, not GET: the words may describe the person and must stay out of URLs and logs."""
        if not has_any_perm(request.user, "skills.change"):
            raise Http404
        payload = SuggestRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        text, kind = payload.validated_data["text"], payload.validated_data["kind"]
        finder = coding.suggest_skills if kind == CodedItem.Kind.SKILL else coding.suggest_occupations
        return Response(SuggestionSerializer(finder(text), many=True).data)


routes = [("skills", SkillsProfileViewSet, "skills-profile")]
