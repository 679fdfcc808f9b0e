"""Phases, follow-up contacts, closure and reopening, and the daily reminder run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reintegra.cases import conf
from reintegra.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ClosureReason,
    FollowUp,
    OutcomeAssessment,
    Phase,
    PhaseChange,
    Protection,
    Reminder,
)
from reintegra.cases.selectors import cases_visible_to
from reintegra.cases.services._access import case_for_write
from reintegra.core import audit
from reintegra.core.models import AuditEvent

_OPEN = (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP)


def _follow_up_end(case: Case) -> dt.date | None:
    if case.phase != Phase.POST_EXIT or not case.exited_on:
        return None
    return case.exited_on.replace(year=case.exited_on.year + conf.post_exit_years())


def schedule_next(case: Case, *, after: dt.date) -> FollowUp | None:
    """Replace pending contacts by one due one cadence step after `after` (none past the end of
    post-exit follow-up). Internal: called inside the services' transactions."""
    FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
    due = after + dt.timedelta(days=conf.followup_days(case.phase))
    end = _follow_up_end(case)
    if end and due > end:
        return None
    return FollowUp.objects.create(organization_id=case.organization_id, case=case, phase=case.phase, due_on=due)


def followup_record(*, actor: Any, case: Case, done_on: dt.date | None = None, method: str = "",
                    employment_status: str = "", monthly_income: Decimal | None = None, currency: str = "",
                    has_debt: bool | None = None, debt_amount: Decimal | None = None,
                    wellbeing: int | None = None, note: str = "") -> FollowUp:
    """Record a contact (fills the pending one, or adds one) and schedule the next."""
    case_for_write(actor=actor, case=case)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A contact cannot be recorded in the future.")})
    with transaction.atomic():
        follow_up = (FollowUp.objects.select_for_update().filter(case=case, done_on__isnull=True)
                     .order_by("due_on").first())
        if follow_up is None:
            follow_up = FollowUp(organization_id=case.organization_id, case=case, phase=case.phase, due_on=done_on)
        follow_up.done_on = done_on
        follow_up.method = method
        follow_up.employment_status = employment_status
        follow_up.monthly_income = monthly_income
        follow_up.currency = currency.upper()
        follow_up.has_debt = has_debt
        follow_up.debt_amount = debt_amount
        follow_up.wellbeing = wellbeing
        follow_up.note = note
        follow_up.recorded_by = actor
        follow_up.full_clean()
        follow_up.save()
        Reminder.objects.filter(case=case, kind=Reminder.Kind.FOLLOW_UP_OVERDUE, dismissed_at__isnull=True).update(
            dismissed_at=timezone.now())
        next_one = schedule_next(case, after=done_on)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=follow_up,
                     detail={"case": case.pk, "next_due": next_one.due_on if next_one else None})
    return follow_up


def phase_change(*, actor: Any, case: Case, phase: str, started_on: dt.date | None = None,
                 note: str = "") -> PhaseChange:
    case_for_write(actor=actor, case=case)
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Unknown phase.")})
    if phase == case.phase:
        raise ValidationError({"phase": _("The case is already in this phase.")})
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate() or started_on < case.phase_started_on:
        raise ValidationError({"started_on": _("The date must be between the start of the current phase "
                                               "and today.")})
    with transaction.atomic():
        previous = case.phase
        case.phase, case.phase_started_on = phase, started_on
        if phase == Phase.POST_EXIT:
            case.status, case.exited_on = CaseStatus.FOLLOW_UP, started_on
        elif case.status == CaseStatus.FOLLOW_UP:
            case.status, case.exited_on = CaseStatus.ACTIVE, None
        case.save(update_fields=["phase", "phase_started_on", "status", "exited_on", "updated_at"])
        change = PhaseChange.objects.create(organization_id=case.organization_id, case=case, phase=phase,
                                            started_on=started_on, note=note, changed_by=actor)
        schedule_next(case, after=started_on)
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=case,
                     detail={"phase": [previous, phase]})
    return change


def case_close(*, actor: Any, case: Case, reason: str, note: str = "", closed_on: dt.date | None = None) -> Case:
    case_for_write(actor=actor, case=case, perm="case.close")
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose a closure reason.")})
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason for closing.")})
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        case.status = CaseStatus.CLOSED_REFERRED if reason == ClosureReason.TRANSFERRED else CaseStatus.CLOSED
        case.closed_on, case.closure_reason, case.closure_note = closed_on, reason, note.strip()
        case.save(update_fields=["status", "closed_on", "closure_reason", "closure_note", "updated_at"])
        FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
        Reminder.objects.filter(case=case, dismissed_at__isnull=True).update(dismissed_at=timezone.now())
        CaseEvent.objects.create(organization_id=case.organization_id, case=case, kind=CaseEvent.Kind.CLOSED,
                                 on=closed_on, reason=reason, note=note.strip(), actor=actor)
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=case,
                     detail={"status": case.status, "reason": reason})
    return case


def case_reopen(*, actor: Any, case: Case, note: str) -> Case:
    case_for_write(actor=actor, case=case, perm="case.reopen", allow_closed=True)
    if case.is_open:
        raise ValidationError(_("The case is already open."))
    if len(note.strip()) < 10:
        raise ValidationError({"note": _("Explain why the case is reopened.")})
    today = timezone.localdate()
    with transaction.atomic():
        case.status = CaseStatus.FOLLOW_UP if case.phase == Phase.POST_EXIT else CaseStatus.ACTIVE
        case.closed_on, case.closure_reason, case.closure_note = None, "", ""
        case.save(update_fields=["status", "closed_on", "closure_reason", "closure_note", "updated_at"])
        event = CaseEvent.objects.create(organization_id=case.organization_id, case=case,
                                         kind=CaseEvent.Kind.REOPENED, on=today, note=note.strip(), actor=actor)
        schedule_next(case, after=today)
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=case,
                     detail={"status": case.status, "reopened": True, **AuditEvent.reason_reference(event, "note")})
    return case


OUTCOME_SCHEDULE = [("intake", 0), ("month_6", 183), *[(f"year_{n}", 365 * n) for n in range(1, 6)]]


def outcome_due(case: Case, today: dt.date, recorded: set[str]) -> dt.date | None:
    """Date of the latest scheduled outcome assessment (intake, 6 months, yearly) not yet recorded."""
    due = None
    for timepoint, days in OUTCOME_SCHEDULE:
        when = case.opened_on + dt.timedelta(days=days)
        if when > today:
            break
        due = None if timepoint in recorded else when
    return due


def reminders_generate(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily background run: reminders for overdue follow-ups, reflection periods and outcome scores.

    Idempotent (one reminder per case, kind and due date), in bulk so it scales to a national
    register. Reminders name the case, never the person.
    """
    today = today or timezone.localdate()
    wanted: dict[tuple[int, str, dt.date], tuple[int, int | None]] = {}

    def remind(case: Case, kind: str, due_on: dt.date) -> None:
        wanted.setdefault((case.pk, kind, due_on), (case.organization_id, case.case_manager_id))

    open_cases = Case.objects.filter(status__in=_OPEN).only("id", "organization_id", "case_manager_id",
                                                            "opened_on")
    with transaction.atomic():
        overdue = (FollowUp.objects.filter(done_on__isnull=True, due_on__lt=today, case__status__in=_OPEN)
                   .select_related("case").only("due_on", "case__id", "case__organization_id",
                                                "case__case_manager_id"))
        for follow_up in overdue.iterator(chunk_size=5000):
            remind(follow_up.case, Reminder.Kind.FOLLOW_UP_OVERDUE, follow_up.due_on)
        horizon = today + dt.timedelta(days=conf.reflection_alert_days())
        periods = (Protection.objects.filter(is_migrant=True, reflection_ends_on__isnull=False,
                                             reflection_ends_on__lte=horizon, case__status__in=_OPEN)
                   .select_related("case"))
        for protection in periods:
            if protection.reflection_ends_on is None:  # excluded by the query; keeps the types honest
                continue
            ended = protection.reflection_ends_on < today
            kind = Reminder.Kind.REFLECTION_ENDED if ended else Reminder.Kind.REFLECTION_ENDING
            remind(protection.case, kind, protection.reflection_ends_on)
        recorded: dict[int, set[str]] = {}
        for case_id, timepoint in OutcomeAssessment.objects.filter(case__status__in=_OPEN).values_list(
                "case_id", "timepoint").iterator(chunk_size=10000):
            recorded.setdefault(case_id, set()).add(timepoint)
        for case in open_cases.iterator(chunk_size=10000):
            when = outcome_due(case, today, recorded.get(case.pk, set()))
            if when is not None and when < today:
                remind(case, Reminder.Kind.OUTCOME_DUE, when)
        oldest = min((key[2] for key in wanted), default=today)
        existing = set(Reminder.objects.filter(due_on__gte=oldest).values_list("case_id", "kind", "due_on")
                       .iterator(chunk_size=10000))
        fresh = [Reminder(case_id=case_id, kind=kind, due_on=due_on, organization_id=org_id, user_id=user_id)
                 for (case_id, kind, due_on), (org_id, user_id) in wanted.items()
                 if (case_id, kind, due_on) not in existing]
        Reminder.objects.bulk_create(fresh, batch_size=2000)
        created = {kind: sum(1 for r in fresh if r.kind == kind) for kind in Reminder.Kind.values}
        audit.record(audit.Action.CREATE, actor=None, actor_label="scheduler", object_type="cases.reminder",
                     detail={"date": today.isoformat(), **created})
        transaction.on_commit(lambda: _email_digests(fresh))
    return created


def reminder_dismiss(*, actor: Any, reminder: Reminder) -> Reminder:
    """Dismiss a reminder: its own user, or someone who may change the case (not every team member)."""
    case = reminder.case
    if not cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise Http404("No such reminder.")
    if reminder.user_id != actor.pk:
        case_for_write(actor=actor, case=case, allow_closed=True)
    with transaction.atomic():
        reminder.dismissed_at = timezone.now()
        reminder.save(update_fields=["dismissed_at"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=reminder.organization_id, obj=reminder,
                     detail={"dismissed": True})
    return reminder


DIGEST_LINES = 50


def _email_digests(reminders: list[Reminder]) -> None:
    """One e-mail per case manager listing their new reminders by survivor code — never a name."""
    by_user: dict[int, list[Reminder]] = {}
    for reminder in reminders:
        if reminder.user_id:
            by_user.setdefault(reminder.user_id, []).append(reminder)
    for items in by_user.values():
        items.sort(key=lambda r: r.due_on)
    users = get_user_model().objects.in_bulk(list(by_user))
    listed = {r.case_id for items in by_user.values() for r in items[:DIGEST_LINES]}
    codes = dict(Case.objects.filter(id__in=listed).values_list("id", "survivor__code"))
    for user_id, items in by_user.items():
        user = users.get(user_id)
        if user is None or not user.email or not user.is_active:
            continue
        with translation.override(getattr(user, "preferred_language", "") or None):
            lines = [f"- {codes.get(r.case_id, '?')}: {r.get_kind_display()} ({r.due_on.isoformat()})"
                     for r in items[:DIGEST_LINES]]
            if len(items) > DIGEST_LINES:
                lines.append(_("… and %(n)d more: see the follow-up desk.") % {"n": len(items) - DIGEST_LINES})
            body = "\n".join([_("New reminders on your cases (open Reintegra, then Follow-ups):"), "", *lines])
            send_mail(_("Reintegra: %(n)d new reminder(s)") % {"n": len(items)}, body, None, [user.email],
                      fail_silently=True)
