"""What the demo counts as a survivor's "events", and the rows per table of a generated database.

An event is a dated record of one step of a survivor's journey through the network: a change of
phase, a follow-up, the identification, a screening, an assessment, a consent, an agreed plan or its
review, an enrolment and its attendance, a placement and its retention checks, a referral and each
change of its status, an enterprise's start-up support, viability checks and coaching sessions.
Reference and set-up rows (organisations, services, programmes, employers, opportunities) and
derived rows (name tokens, needs and goals under an assessment or plan, statistics) are not events.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model

EVENT_MODELS = [
    "cases.CaseEvent", "cases.PhaseChange", "cases.FollowUp", "cases.Identification", "cases.Screening",
    "cases.NeedsAssessment", "cases.OutcomeAssessment", "cases.ReintegrationPlan", "cases.PlanReview",
    "people.Consent",
    "training.Enrolment", "training.Attendance",
    "employment.Placement", "employment.RetentionCheck", "employment.StartupSupport",
    "employment.ViabilityCheck", "employment.SupportSession",
    "referrals.Referral", "referrals.ReferralEvent",
]


def application_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("reintegra.") and not m._meta.proxy]


def rows_per_table() -> dict[str, int]:
    """Rows of every application table that has any, by model label."""
    counts = {m._meta.label: m._default_manager.count() for m in application_models()}
    return {label: n for label, n in counts.items() if n}


def events(counts: dict[str, int]) -> int:
    return sum(counts.get(label, 0) for label in EVENT_MODELS)
