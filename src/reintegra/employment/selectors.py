"""Reads of employment data. Employers, opportunities and market appraisals hold no survivor data
and are shared across the network (to holders of the view permissions). Placements, enterprises
and sessions are read through a case obtained from a scoped selector. Employer accounts see only
their own opportunities and the candidates who consented to disclosure."""

from __future__ import annotations

import datetime as dt
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from reintegra.cases.models import Case
from reintegra.core.permissions import has_any_perm, organizations_with
from reintegra.employment.models import (
    DisclosureConsent,
    Employer,
    EmployerAccount,
    Enterprise,
    MarketAppraisal,
    Opportunity,
    Placement,
    RetentionCheck,
    SupportSession,
    TradeInDemand,
)

SMALL_CELL = 5


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
    return Placement.objects.filter(case=case).select_related("employer").prefetch_related("retention_checks")


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
    return SupportSession.objects.filter(case=case)


def consents_of(case: Case) -> QuerySet[DisclosureConsent]:
    return DisclosureConsent.objects.filter(case=case).select_related("employer")


def appraisals_visible_to(*, user: Any, admin_area: str = "") -> QuerySet[MarketAppraisal]:
    if not has_any_perm(user, "market.view"):
        return MarketAppraisal.objects.none()
    appraisals = MarketAppraisal.objects.select_related("organization").prefetch_related("trades")
    return appraisals.filter(admin_area=admin_area) if admin_area else appraisals


def outcomes_by_trade(*, user: Any, admin_area: str = "") -> list[dict[str, Any]]:
    """Per trade in demand: placements, share still employed at the latest check, median wage at start
    and at the latest check (income change), enterprises and their median latest income. Aggregates
    only; a trade with fewer than SMALL_CELL placements shows no figures."""
    if not has_any_perm(user, "market.view"):
        return []
    trades = TradeInDemand.objects.all()
    if admin_area:
        trades = trades.filter(appraisal__admin_area=admin_area)
    rows = []
    for code in sorted(set(trades.values_list("isco_code", flat=True))):
        placements = Placement.objects.filter(isco_code=code)
        if admin_area:
            placements = placements.filter(case__admin_area=admin_area)
        count = placements.count()
        row: dict[str, Any] = {"isco_code": code, "placements": count, "suppressed": 0 < count < SMALL_CELL}
        if count >= SMALL_CELL:
            starts, latest, retained = [], [], []
            for placement in placements.prefetch_related("retention_checks"):
                done = [c for c in placement.retention_checks.all() if c.done_on]
                if placement.monthly_wage is not None:
                    starts.append(float(placement.monthly_wage))
                if done:
                    last = max(done, key=lambda c: c.month)
                    retained.append(bool(last.still_employed))
                    if last.monthly_wage is not None:
                        latest.append(float(last.monthly_wage))
            row.update({
                "retained_share": round(sum(retained) / len(retained), 2) if retained else None,
                "median_start_wage": median(starts) if starts else None,
                "median_latest_wage": median(latest) if latest else None,
            })
        rows.append(row)
    return rows


def employer_account_of(user: Any) -> EmployerAccount | None:
    if user is None or not user.is_authenticated:
        return None
    return EmployerAccount.objects.select_related("employer").filter(user=user).first()


def employer_portal(*, user: Any) -> dict[str, Any] | None:
    """What an employer's own login may see: its opportunities, and only those people placed with it
    who consented to disclose their status to this employer (pseudonymous code, job, start date)."""
    account = employer_account_of(user)
    if account is None:
        return None
    employer = account.employer
    consenting = DisclosureConsent.objects.filter(employer=employer, withdrawn_on__isnull=True).values("case_id")
    disclosed = Placement.objects.filter(employer=employer, case_id__in=consenting).select_related("case__survivor")
    return {
        "employer": employer,
        "opportunities": Opportunity.objects.filter(employer=employer),
        "disclosed": [{"code": p.case.survivor.code, "job_title": p.job_title, "started_on": p.started_on}
                      for p in disclosed],
    }
