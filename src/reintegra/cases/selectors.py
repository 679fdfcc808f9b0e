"""Every read of case (and hence survivor) data starts here, scoped to the acting user.

Fails closed: an anonymous, inactive or membership-less user gets an empty queryset, and a case
outside the user's scope is indistinguishable from one that does not exist (Http404).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Case as Conditional
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from reintegra.cases.models import Case, CaseStatus, FollowUp, Reminder
from reintegra.core import audit
from reintegra.core.crypto import blind_index
from reintegra.core.models import BreakGlassGrant
from reintegra.core.permissions import memberships_with
from reintegra.people.models import Survivor


def _scope_q(user: Any) -> Q | None:
    """The Q object describing every case `user` may see, or None for nothing.

    Written without joins (team membership and break-glass grants are subqueries), so it never
    duplicates rows and the planner can start from whichever condition is most selective.
    """
    clauses: list[Q] = []
    for membership in memberships_with(user, "case.view_all"):
        clause = Q(organization_id=membership.organization_id)
        if membership.area_scope:
            clause &= Q(admin_area=membership.area_scope)
        clauses.append(clause)
    assigned_orgs = list(memberships_with(user, "case.view_assigned").values_list("organization_id", flat=True))
    if assigned_orgs:
        on_team = Case.team.through.objects.filter(user_id=user.pk).values("case_id")
        clauses.append(Q(organization_id__in=assigned_orgs) & (Q(case_manager_id=user.pk) | Q(id__in=on_team)))
    # A grant counts only while the user still holds break-glass in the organisation that owns the
    # case (a revoked or expired membership, or a case transferred away, ends it at once).
    break_orgs = memberships_with(user, "case.break_glass").values("organization_id")
    granted = BreakGlassGrant.objects.filter(user_id=user.pk, expires_at__gt=timezone.now(),
                                             organization_id__in=break_orgs).values("case_id")
    clauses.append(Q(id__in=granted) & Q(organization_id__in=break_orgs))
    scope = clauses[0]
    for clause in clauses[1:]:
        scope |= clause
    return scope


def cases_visible_to(*, user: Any) -> QuerySet[Case]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    scope = _scope_q(user)
    if scope is None:
        return Case.objects.none()
    return Case.objects.filter(scope).select_related("survivor", "organization", "case_manager")


# What a survivor code can look like while it is being typed: "S", "S-", "S-AB", "S-ABCD-12"...
# Codes are pseudonymous, so such a query may travel in a URL; anything else is treated as a name.
_CODE_PREFIX = re.compile(r"S(-[0-9A-Z]{0,4}(-[0-9A-Z]{0,4})?)?")


def is_code_query(query: str) -> bool:
    """True when `query` is (the start of) a survivor code rather than a name."""
    return bool(_CODE_PREFIX.fullmatch(query.strip().upper()))


def _survivors_matching(query: str) -> QuerySet[Survivor, Any]:
    """Survivors whose code starts with `query` (when it looks like a code) or whose full name is
    `query` (blind index), as a subquery of ids. Codes are stored upper-case; the prefix is matched
    as a range so that the index on the code serves it on every database (LIKE needs a pattern
    index on PostgreSQL and is case-blind on SQLite).
    """
    if is_code_query(query):
        prefix = query.upper()
        return Survivor.objects.filter(code__gte=prefix, code__lt=prefix + "\U0010ffff").values("id")
    return Survivor.objects.filter(name_index=blind_index(query)).values("id")


def case_search(
    *,
    user: Any,
    query: str = "",
    status: str = "",
    organization_id: int | None = None,
    admin_area: str = "",
    audit_search: bool = True,
) -> QuerySet[Case]:
    """Search by survivor code (prefix) or exact full name (blind index), plus filters.

    Callers decide where a name may come from: names only ever arrive in a POST body (pages and
    API refuse a name in a query string; see `is_code_query`).
    """
    cases = cases_visible_to(user=user)
    query = query.strip()
    if query:
        cases = cases.filter(survivor_id__in=_survivors_matching(query))
    if status:
        cases = cases.filter(status=status)
    if organization_id:
        cases = cases.filter(organization_id=organization_id)
    if admin_area:
        cases = cases.filter(admin_area=admin_area)
    if audit_search and query:
        # The query may be a name: keep only whether it was a name or a code, never the text.
        audit.record(audit.Action.SEARCH, actor=user, object_type="cases.case",
                     detail={"kind": "code" if is_code_query(query) else "name"})
    return cases


def case_get(*, user: Any, case_id: int, purpose: str = "view") -> Case:
    """One case the user may see, audited as a read; Http404 when missing or out of scope."""
    try:
        case = cases_visible_to(user=user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case.") from None
    audit.record(audit.Action.READ, actor=user, organization=case.organization_id, obj=case,
                 detail={"purpose": purpose})
    return case


def case_get_for_break_glass(*, case_id: int) -> Case | None:
    """Used only by the break-glass service, which performs its own permission check."""
    return Case.objects.select_related("organization").filter(pk=case_id).first()


# Lists show the survivor code only: leave the encrypted identifiers unread (and undecrypted).
SURVIVOR_IDENTITY = [f"survivor__{name}" for name in (
    "given_name", "family_name", "birth_date", "phone", "email", "address", "document_numbers",
    "safe_contact_instructions")]
_IDENTITY_VIA_CASE = [f"case__{name}" for name in SURVIVOR_IDENTITY]


def followups_due(*, user: Any, within_days: int = 7):
    """Pending follow-up contacts of open cases the user can see, due within `within_days` or overdue."""
    horizon = timezone.localdate() + dt.timedelta(days=within_days)
    return (FollowUp.objects.filter(case__in=cases_visible_to(user=user), done_on__isnull=True,
                                    due_on__lte=horizon,
                                    case__status__in=[CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP])
            .select_related("case", "case__survivor", "case__case_manager")
            .defer(*_IDENTITY_VIA_CASE).order_by("due_on"))


def reminders_for(*, user: Any):
    """Open reminders on cases the user can see (their own first)."""
    mine_first = Conditional(When(user=user, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (Reminder.objects.filter(case__in=cases_visible_to(user=user), dismissed_at__isnull=True)
            .select_related("case", "case__survivor").defer(*_IDENTITY_VIA_CASE)
            .annotate(mine=mine_first).order_by("mine", "due_on"))
