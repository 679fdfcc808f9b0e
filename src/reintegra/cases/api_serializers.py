"""Serializers of the case-lifecycle API: read models out, validate input for the services."""

from __future__ import annotations

from rest_framework import serializers

from reintegra.cases import conf, screening
from reintegra.cases.models import (
    OUTCOME_DOMAINS,
    CaseShare,
    ClosureReason,
    ExploitationEpisode,
    FollowUp,
    Identification,
    Need,
    NeedsAssessment,
    OutcomeAssessment,
    Phase,
    PlanAction,
    PlanGoal,
    Protection,
    ReintegrationPlan,
    Screening,
    Section,
)
from reintegra.people.models import Consent, ConsentPurpose


class CaseScreeningInSerializer(serializers.Serializer):
    age = serializers.IntegerField(allow_null=True, min_value=0, max_value=screening.MAX_AGE)
    indicators = serializers.ListField(child=serializers.CharField(max_length=20), max_length=100)
    presume_minor = serializers.BooleanField(default=True)


class CaseScreeningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Screening
        fields = ["id", "screened_on", "age_at_exploitation", "presume_minor", "indicators", "forced_labour",
                  "child", "result", "catalogue_version"]


class CaseIdentificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Identification
        fields = ["identified_by", "identified_on", "trafficking_status", "status_decided_by", "mechanism_stage",
                  "reasonable_grounds_on", "conclusive_grounds_on", "referred_in_by", "referred_in_by_other",
                  "referred_in_on", "referral_reason", "note"]


class CaseExploitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExploitationEpisode
        fields = ["id", "form", "isic_section", "isic_division", "country", "started_on", "ended_on",
                  "duration_months", "methods_of_control", "continuum_stage", "recruiter_relationship", "note"]
        read_only_fields = ["id"]


class CaseConsentSerializer(serializers.ModelSerializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default="")

    class Meta:
        model = Consent
        fields = ["id", "purpose", "shared_with", "given", "recorded_on", "recorded_by", "witness", "note"]
        read_only_fields = ["id", "recorded_by"]


class CaseShareSerializer(serializers.ModelSerializer):
    sections = serializers.ListField(child=serializers.ChoiceField(choices=Section.choices), min_length=1)
    override_reason = serializers.CharField(write_only=True, required=False, default="", allow_blank=True)

    class Meta:
        model = CaseShare
        fields = ["id", "shared_with", "sections", "purpose", "started_on", "ended_on", "ended_reason",
                  "consent_override_reason", "override_reason"]
        read_only_fields = ["id", "started_on", "ended_on", "ended_reason", "consent_override_reason"]


class CaseProtectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Protection
        fields = ["age_uncertain", "presumed_minor", "guardian_name", "guardian_contact", "is_migrant",
                  "reflection_jurisdiction", "reflection_days", "reflection_starts_on", "reflection_ends_on",
                  "safety_risk", "safety_note", "non_punishment_note"]
        read_only_fields = ["reflection_ends_on"]


class CaseNeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["horizon", "dimension", "description", "met"]
        read_only_fields = ["met"]


class CaseNeedsAssessmentSerializer(serializers.ModelSerializer):
    needs = CaseNeedSerializer(many=True, required=False)
    dimensions = serializers.JSONField(required=False)

    class Meta:
        model = NeedsAssessment
        fields = ["id", "assessed_on", "dimensions", "checklist", "needs", "needs_childcare", "needs_transport",
                  "schedule_constraints", "constraints_note", "aspirations", "readiness"]
        read_only_fields = ["id"]

    def validate_dimensions(self, value):
        known = {d["code"] for d in conf.needs_dimensions()}
        if not isinstance(value, dict) or set(value) - known:
            raise serializers.ValidationError(f"Use the dimension codes: {', '.join(sorted(known))}.")
        if any(not isinstance(v, dict) for v in value.values()):
            raise serializers.ValidationError('Each dimension is {"level": ..., "note": ...}.')
        return value

    def validate_checklist(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError('Answers look like {"1": true, "2": false}.')
        return value


class CaseOutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeAssessment
        fields = ["id", "timepoint", "assessed_on", *[code for code, _label in OUTCOME_DOMAINS], "note"]
        read_only_fields = ["id"]


class CasePlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "goal", "description", "responsible_organization", "responsible_person", "due_on",
                  "status"]
        read_only_fields = ["id", "status"]


class CasePlanGoalSerializer(serializers.ModelSerializer):
    actions = CasePlanActionSerializer(many=True, read_only=True)
    htcds_type = serializers.CharField(read_only=True)

    class Meta:
        model = PlanGoal
        fields = ["id", "area", "htcds_type", "description", "target_on", "status", "actions"]
        read_only_fields = ["id", "status"]


class CasePlanSerializer(serializers.ModelSerializer):
    goals = CasePlanGoalSerializer(many=True, read_only=True)

    class Meta:
        model = ReintegrationPlan
        fields = ["objectives", "language", "agreed_by_survivor", "agreed_on", "agreement_note", "goals"]


class CaseFollowUpSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    survivor_code = serializers.CharField(source="case.survivor.code", read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "case", "survivor_code", "phase", "due_on", "done_on", "method", "employment_status",
                  "monthly_income", "currency", "has_debt", "debt_amount", "wellbeing", "note"]
        read_only_fields = ["id", "case", "survivor_code", "phase", "due_on"]


class CaseItemStatusInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["goal", "action", "need"])
    id = serializers.IntegerField()
    status = serializers.CharField(max_length=20, help_text="goal: planned|in_progress|achieved|dropped; "
                                   "action: todo|in_progress|done|cancelled; need: open|met")


class CasePhaseInSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
    started_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseCloseInSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseReopenInSerializer(serializers.Serializer):
    note = serializers.CharField(min_length=10)
