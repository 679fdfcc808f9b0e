"""Everything the case page shows, gathered from a case the user may already see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext

from reintegra.cases import conf
from reintegra.cases.charts import outcome_chart_svg
from reintegra.cases.models import (
    OUTCOME_DOMAINS,
    ActionStatus,
    Case,
    FollowUp,
    GoalStatus,
    Identification,
    Protection,
    ReintegrationPlan,
    Reminder,
)
from reintegra.cases.policies import org_permissions
from reintegra.cases.services.protection import is_child
from reintegra.people.consent import consent_overview


def _perms(user: Any, case: Case) -> dict[str, bool]:
    held = org_permissions(user, case.organization_id)
    return {
        "can_change": "case.change" in held and case.is_open,
        "can_consent": "consent.record" in held,
        "can_share": "case.share" in held and case.is_open,
        "can_close": "case.close" in held and case.is_open,
        "can_reopen": "case.reopen" in held and not case.is_open,
        "show_identity": "survivor.view_identity" in held,
        "can_assign": "case.assign" in held,
    }


def _needs_summary(assessment: Any) -> list[dict[str, str]]:
    if assessment is None:
        return []
    levels = conf.needs_levels()
    rows = []
    for dim in conf.needs_dimensions():
        value = assessment.dimensions.get(dim["code"])
        if value:
            rows.append({"label": dim["label"], "level": levels.get(value.get("level"), ""),
                         "priority": value.get("level") == "priority", "note": value.get("note", "")})
    return rows


def _referral_shares(user: Any, case: Case) -> list[Any]:
    """Referrals through which another organisation currently sees sections of this case."""
    try:
        from reintegra.referrals.selectors import recipient_may_see_case, referrals_for_case
    except ImportError:  # referrals app not installed
        return []
    referrals = referrals_for_case(user=user, case_id=case.pk).select_related("recipient")
    return [r for r in referrals if recipient_may_see_case(r)]


def case_context(user: Any, case: Case) -> dict[str, Any]:
    today = timezone.localdate()
    protection = Protection.objects.filter(case=case).first()
    plan = ReintegrationPlan.objects.filter(case=case).prefetch_related("goals__actions__responsible_organization",
                                                                        "reviews").first()
    outcomes = list(case.outcomes.all())
    assessment = case.needs_assessments.prefetch_related("needs").first()
    checklist = conf.needs_checklist()
    return {
        "case": case,
        "survivor": case.survivor,
        **_perms(user, case),
        "is_child": is_child(case),
        "protection": protection,
        "reflection_days_left": protection.reflection_days_left(today) if protection else None,
        "identification": Identification.objects.filter(case=case).select_related("referred_in_by").first(),
        "exploitation": case.exploitation.all(),
        "screening": case.screenings.first(),
        "consents": consent_overview(survivor=case.survivor),
        "shares": case.shares.filter(ended_on__isnull=True).select_related("shared_with"),
        "referral_shares": _referral_shares(user, case),
        "assessment": assessment,
        "needs_rows": _needs_summary(assessment),
        "checklist": [(item, (assessment.checklist if assessment else {}).get(str(item["number"])))
                      for item in checklist],
        "outcomes": outcomes,
        "outcome_domains": OUTCOME_DOMAINS,
        "outcome_chart": outcome_chart_svg(outcomes),
        "plan": plan,
        "next_follow_up": FollowUp.objects.filter(case=case, done_on__isnull=True).order_by("due_on").first(),
        "follow_ups": FollowUp.objects.filter(case=case, done_on__isnull=False).order_by("-done_on")[:10],
        "phase_changes": case.phase_changes.all(),
        "events": case.events.all(),
        "reminders": Reminder.objects.filter(case=case, dismissed_at__isnull=True),
        "today": today,
        "goal_statuses": GoalStatus.choices,
        "action_statuses": ActionStatus.choices,
        "need_statuses": [("open", pgettext("need status", "Open")), ("met", pgettext("need status", "Met"))],
    }
