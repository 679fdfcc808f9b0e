"""Reads of referrals, scoped to the user; the recipient's view of a referred case.

The referring side reaches a referral through a case it can see (cases_visible_to). The recipient
side reaches it through `referral.respond` in the recipient organisation, never while it is a draft,
and sees the case only through `referred_case_view`: the shared sections, while the referral is
active (and for a short grace period after completion to write the report). Anything else is 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.cases.selectors import cases_visible_to
from reintegra.core import audit
from reintegra.core.permissions import has_org_perm, memberships_with, organizations_with
from reintegra.referrals.consent import section_choices, sharing_consent_given
from reintegra.referrals.models import ACTIVE, Referral, Status

GRACE_DAYS = getattr(settings, "REINTEGRA_REFERRAL_GRACE_DAYS", 7)


def referrals_outgoing(*, user: Any) -> QuerySet[Referral]:
    orgs = organizations_with(user, "referral.create")
    if not orgs:
        return Referral.objects.none()
    visible = cases_visible_to(user=user).values("id")
    return Referral.objects.filter(organization_id__in=orgs, case_id__in=visible).select_related(
        "recipient", "organization", "service", "case__survivor")


def referrals_incoming(*, user: Any) -> QuerySet[Referral]:
    """Referrals sent to an organisation where `user` holds `referral.respond`; a membership limited
    to an area reaches only referrals of cases in that area (as it would for the organisation's own
    cases)."""
    scope = Q()
    for membership in memberships_with(user, "referral.respond"):
        clause = Q(recipient_id=membership.organization_id)
        if membership.area_scope:
            clause &= Q(case__admin_area=membership.area_scope)
        scope |= clause
    if not scope:
        return Referral.objects.none()
    return Referral.objects.filter(scope).exclude(status=Status.DRAFT).select_related(
        "recipient", "organization", "service")


def referral_get(*, user: Any, referral_id: int) -> tuple[Referral, str]:
    """The referral and the side the user is on ("sender" or "recipient"); Http404 otherwise."""
    try:
        referral = referrals_outgoing(user=user).get(pk=referral_id)
        return referral, "sender"
    except (Referral.DoesNotExist, ValueError, TypeError):
        pass
    try:
        return referrals_incoming(user=user).get(pk=referral_id), "recipient"
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral.") from None


def recipient_may_see_case(referral: Referral, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if referral.status in ACTIVE:
        return sharing_consent_given(case=referral.case, recipient=referral.recipient)
    if referral.status == Status.COMPLETED and referral.closed_at:
        within = referral.closed_at + dt.timedelta(days=GRACE_DAYS) > now
        return within and sharing_consent_given(case=referral.case, recipient=referral.recipient)
    return False


FIELD_LABELS = {
    "status": _("Status"), "area": _("Area"), "opened_on": _("Opened"), "phase": _("Phase"), "gender": _("Gender"),
    "birth_year": _("Birth year"), "nationality": _("Nationality"), "languages": _("Languages"), "name": _("Name"),
    "phone": _("Phone"), "safe_contact_instructions": _("Safe contact"), "assessed_on": _("Assessed on"),
    "needs": _("Needs"), "goals": _("Goals"), "follow_ups": _("Follow-ups"), "identity": _("Identity"),
}


@dataclass
class ReferredCase:
    referral: Referral
    survivor_code: str
    do_not_contact: bool
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def display(self) -> list[tuple[str, list[tuple[str, Any]]]]:
        """Sections and fields with their translated labels, for pages."""
        return [(self.labels.get(code, code), [(str(FIELD_LABELS.get(k, k)), v) for k, v in data.items()])
                for code, data in self.sections.items()]


def _section(case: Any, code: str, *, may_see_identity: bool = False) -> dict[str, Any]:
    survivor = case.survivor
    if code == "summary":
        return {"status": case.get_status_display(), "area": case.admin_area, "opened_on": case.opened_on,
                "phase": getattr(case, "get_phase_display", lambda: "")(), "gender": survivor.get_gender_display(),
                "birth_year": survivor.birth_year, "nationality": survivor.nationality,
                "languages": survivor.languages}
    if code == "contact":
        if not may_see_identity:
            # Roles without survivor.view_identity (trainer, employer liaison) never see identity,
            # in their own organisation or through a referral.
            return {"identity": _("Shown once the referral is accepted, to roles that may see identity.")}
        data = {"name": survivor.full_name}
        if not survivor.do_not_contact:
            data["phone"] = survivor.phone
        data["safe_contact_instructions"] = survivor.safe_contact_instructions
        return data
    if code == "needs":
        latest = case.needs_assessments.order_by("-id").first() if hasattr(case, "needs_assessments") else None
        if latest is None:
            return {}
        return {"assessed_on": getattr(latest, "assessed_on", ""),
                "needs": [f"{n.get_horizon_display()}: {n.description}" for n in latest.needs.all()]}
    if code == "plan":
        plan = getattr(case, "plan", None) if hasattr(case, "plan") else None
        if plan is None:
            return {}
        return {"goals": [f"{g.get_area_display()}: {g.description} ({g.get_status_display()})"
                          for g in plan.goals.all()]}
    if code == "follow_ups" and hasattr(case, "follow_ups"):
        return {"follow_ups": [str(f) for f in case.follow_ups.all()[:20]]}
    return {}


def referred_case_view(*, user: Any, referral_id: int) -> ReferredCase:
    """What the recipient organisation may see of the case: shared sections only, while active."""
    try:
        referral = referrals_incoming(user=user).select_related("case__survivor").get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral.") from None
    if not recipient_may_see_case(referral):
        raise Http404("No such referral.")
    case = referral.case
    labels = dict(section_choices())
    view = ReferredCase(referral=referral, survivor_code=case.survivor.code,
                        do_not_contact=case.survivor.do_not_contact,
                        labels={c: str(labels.get(c, c)) for c in referral.shared_sections})
    # Before the recipient accepts, it sees enough to decide (summary, needs…) but never identity.
    may_see_identity = (referral.status != Status.SENT
                        and has_org_perm(user, "survivor.view_identity", referral.recipient_id))
    for code in referral.shared_sections:
        try:
            view.sections[code] = {k: "; ".join(map(str, v)) if isinstance(v, list) else v
                                   for k, v in _section(case, code, may_see_identity=may_see_identity).items()}
        except Exception:  # noqa: BLE001 - a section the cases app renamed must not hide the others
            view.sections[code] = {}
    audit.record(audit.Action.READ, actor=user, organization=referral.recipient_id, obj=case,
                 detail={"via": "referral", "referral": referral.pk, "sections": referral.shared_sections})
    return view


def referrals_for_case(*, user: Any, case_id: int) -> QuerySet[Referral]:
    return referrals_outgoing(user=user).filter(case_id=case_id)


def open_incoming_count(*, user: Any) -> int:
    return referrals_incoming(user=user).filter(Q(status=Status.SENT)).count()
