"""Reads of employment data. Employers, opportunities and market appraisals hold no survivor data
and are shared across the network (to holders of the view permissions). Placements, enterprises
and sessions are read through a case obtained from a scoped selector. Employer accounts see only
their own opportunities and the candidates who consented to disclosure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from reintegra.cases.models import Case
from reintegra.core.permissions import has_any_perm, organizations_with
from reintegra.employment.models import (
    Employer,
    EmployerAccount,
    EmployerFeedback,
    Enterprise,
    MarketAppraisal,
    Mentor,
    Opportunity,
    Placement,
    RetentionCheck,
    SupportSession,
)
from reintegra.people.consent import consent_in_force, survivors_consenting
from reintegra.people.models import Consent, ConsentPurpose


def employers_visible_to(*, user: Any) -> QuerySet[Employer]:
    if not has_any_perm(user, "employer.view"):
        return Employer.objects.none()
    return Employer.objects.select_related("register_hit").annotate(
        open_opportunities=Count("opportunities", filter=Q(opportunities__status=Opportunity.Status.OPEN)))


def employer_get(*, user: Any, employer_id: Any) -> Employer:
    try:
        return employers_visible_to(user=user).get(pk=employer_id)
    except (Employer.DoesNotExist, ValueError, TypeError):
        raise Http404("No such employer.") from None


def opportunities_visible_to(*, user: Any) -> QuerySet[Opportunity]:
    if not has_any_perm(user, "opportunity.view"):
        return Opportunity.objects.none()
    return Opportunity.objects.select_related("employer")


def opportunity_get(*, user: Any, opportunity_id: Any) -> Opportunity:
    try:
        return opportunities_visible_to(user=user).get(pk=opportunity_id)
    except (Opportunity.DoesNotExist, ValueError, TypeError):
        raise Http404("No such opportunity.") from None


def placements_of(case: Case) -> QuerySet[Placement]:
    return Placement.objects.filter(case=case).select_related("employer").prefetch_related("retention_checks",
                                                                                            "employer_feedback")


def retention_check_get(*, case: Case, check_id: Any) -> RetentionCheck:
    check = RetentionCheck.objects.select_related("placement", "placement__case").filter(
        pk=check_id if str(check_id).isdigit() else 0, placement__case=case).first()
    if check is None:
        raise Http404("No such check.")
    return check


def retention_checks_due(*, user: Any, on: dt.date | None = None) -> QuerySet[RetentionCheck]:
    """Checks due and not done, on cases the user may see and place."""
    from reintegra.cases.selectors import cases_visible_to

    orgs = organizations_with(user, "placement.manage")
    visible = cases_visible_to(user=user).filter(organization_id__in=orgs).values("id")
    return RetentionCheck.objects.filter(placement__case_id__in=visible, done_on__isnull=True,
                                         due_on__lte=on or timezone.localdate()).select_related(
        "placement", "placement__case__survivor")


def enterprises_of(case: Case) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(case=case).prefetch_related("support", "viability_checks")


def sessions_of(case: Case) -> QuerySet[SupportSession]:
    return SupportSession.objects.filter(case=case).select_related("registered_mentor")


@dataclass(frozen=True)
class EmployerDisclosure:
    """The decision in force about one employer, as the case page shows it."""

    employer: Employer
    given_on: dt.date | None
    withdrawn_on: dt.date | None
    witness: str

    @property
    def pk(self) -> int:
        return self.employer.pk

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


def consents_of(case: Case) -> list[EmployerDisclosure]:
    """Per employer ever named, the decision in force (given, or withdrawn and when), from the one
    consent store. A withdrawal from every employer applies to each of them."""
    rows = list(Consent.objects.filter(survivor_id=case.survivor_id, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE)
                .select_related("employer").order_by("recorded_on", "id"))
    state: dict[int, EmployerDisclosure] = {}
    employers: dict[int, Employer] = {}
    for row in rows:
        if row.employer is not None:
            employers[row.employer.pk] = row.employer
            previous = state.get(row.employer.pk)
            if row.given:
                state[row.employer.pk] = EmployerDisclosure(row.employer, row.recorded_on, None, row.witness)
            elif previous is not None and previous.is_active:
                state[row.employer.pk] = EmployerDisclosure(row.employer, previous.given_on, row.recorded_on,
                                                            previous.witness)
        else:
            for pk, previous in list(state.items()):
                if previous.is_active:
                    state[pk] = EmployerDisclosure(employers[pk], previous.given_on, row.recorded_on, previous.witness)
    return sorted(state.values(), key=lambda d: d.employer.name)


def appraisals_visible_to(*, user: Any, admin_area: str = "") -> QuerySet[MarketAppraisal]:
    if not has_any_perm(user, "market.view"):
        return MarketAppraisal.objects.none()
    appraisals = MarketAppraisal.objects.select_related("organization").prefetch_related("trades")
    return appraisals.filter(admin_area=admin_area) if admin_area else appraisals


def outcomes_by_trade(*, user: Any, admin_area: str = "") -> list[dict[str, Any]]:
    """Per trade in demand: placements, share still employed at the latest check, median wage at start
    and at the latest check. Aggregates only, suppressed with the monitoring privacy engine across
    the per-area and all-areas views (see employment/outcomes.py)."""
    if not has_any_perm(user, "market.view"):
        return []
    from reintegra.employment import outcomes

    return outcomes.outcomes_by_trade(admin_area)


def employer_account_of(user: Any) -> EmployerAccount | None:
    if user is None or not user.is_authenticated:
        return None
    return EmployerAccount.objects.select_related("employer").filter(user=user).first()


def employer_portal(*, user: Any) -> dict[str, Any] | None:
    """What an employer's own login may see: its opportunities, and only those people placed with it
    whose consent to tell this employer is in force now (pseudonymous code, job, start date)."""
    account = employer_account_of(user)
    if account is None:
        return None
    employer = account.employer
    consenting = survivors_consenting(purpose=ConsentPurpose.EMPLOYER_DISCLOSURE, employer=employer).values("id")
    disclosed = (Placement.objects.filter(employer=employer, case__survivor_id__in=consenting)
                 .select_related("case__survivor").order_by("-started_on", "-id"))
    return {
        "employer": employer,
        "opportunities": Opportunity.objects.filter(employer=employer),
        "disclosed": [{"placement_id": p.pk, "code": p.case.survivor.code, "job_title": p.job_title,
                       "started_on": p.started_on} for p in disclosed],
    }


def employer_portal_person(*, user: Any, placement_id: Any) -> dict[str, Any]:
    """One person placed with the employer, only while their consent to tell this employer is in
    force (checked at this view, not cached). Anything else is a 404, identical to a missing row."""
    account = employer_account_of(user)
    placement = None
    if account is not None and str(placement_id).isdigit():
        placement = (Placement.objects.select_related("case__survivor")
                     .filter(pk=int(placement_id), employer_id=account.employer_id).first())
    if placement is None or not consent_in_force(survivor=placement.case.survivor,
                                                 purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
                                                 employer=account.employer_id if account else None):
        raise Http404("No such person.")
    return {"employer": account.employer if account else None, "code": placement.case.survivor.code,
            "job_title": placement.job_title, "started_on": placement.started_on, "placement_id": placement.pk}


def feedback_placements_for(*, user: Any, employer: Employer) -> QuerySet[Placement]:
    """Placements with `employer` that `user` may record feedback about: cases they can see, in
    organisations where they hold `employer_feedback.record`."""
    from reintegra.cases.selectors import cases_visible_to

    orgs = organizations_with(user, "employer_feedback.record")
    return (Placement.objects.filter(employer=employer, organization_id__in=orgs,
                                     case_id__in=cases_visible_to(user=user).values("id"))
            .select_related("case__survivor").order_by("-started_on", "-id"))


def employer_feedback_visible_to(*, user: Any, employer: Employer | None = None) -> QuerySet[EmployerFeedback]:
    """Feedback (about `employer`, or any) belonging to organisations where `user` holds
    `employer_feedback.view`; feedback about a placement only when the user may see the placement's
    case (area scope)."""
    from reintegra.cases.selectors import cases_visible_to

    orgs = organizations_with(user, "employer_feedback.view")
    if not orgs:
        return EmployerFeedback.objects.none()
    visible = cases_visible_to(user=user).values("id")
    feedback = EmployerFeedback.objects.filter(organization_id__in=orgs)
    if employer is not None:
        feedback = feedback.filter(employer=employer)
    return (feedback.filter(Q(placement__isnull=True) | Q(placement__case_id__in=visible))
            .select_related("placement__case__survivor", "organization", "recorded_by"))


def portal_feedback_placements(*, user: Any) -> QuerySet[Placement]:
    """The employer login's own placements it may give feedback about: consent in force now."""
    account = employer_account_of(user)
    if account is None:
        return Placement.objects.none()
    consenting = survivors_consenting(purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
                                      employer=account.employer).values("id")
    return (Placement.objects.filter(employer=account.employer, case__survivor_id__in=consenting)
            .select_related("case__survivor").order_by("-started_on", "-id"))


def portal_feedback_given(*, user: Any) -> QuerySet[EmployerFeedback]:
    """Feedback the employer gave through the portal; about a person only while consent is in force."""
    account = employer_account_of(user)
    if account is None:
        return EmployerFeedback.objects.none()
    return (EmployerFeedback.objects.filter(employer=account.employer, channel=EmployerFeedback.Channel.PORTAL)
            .filter(Q(placement__isnull=True) | Q(placement__in=portal_feedback_placements(user=user).values("id")))
            .select_related("placement__case__survivor"))


def mentors_visible_to(*, user: Any) -> QuerySet[Mentor]:
    return Mentor.objects.filter(organization_id__in=organizations_with(user, "mentor.view")).select_related(
        "organization")


def mentor_get(*, user: Any, mentor_id: Any, perm: str = "mentor.view") -> Mentor:
    try:
        return Mentor.objects.filter(organization_id__in=organizations_with(user, perm)).get(pk=mentor_id)
    except (Mentor.DoesNotExist, ValueError, TypeError):
        raise Http404("No such mentor.") from None


def mentors_for_sessions(case: Case) -> QuerySet[Mentor]:
    """Active registered mentors and coaches of the case's organisation (the session form's choices)."""
    return Mentor.objects.filter(organization_id=case.organization_id, active=True)
