"""The economic pathway of one case as a single dated list, for the case page.

Callers pass a case obtained through a scoped selector (e.g. `pathway_case_get`); the fragment
`employment/_pathway_timeline.html` renders the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from reintegra.employment.models import Enterprise, Placement, RetentionCheck, SupportSession, ViabilityCheck
from reintegra.skills.models import GuidanceGoal, RplRecord
from reintegra.skills.rpl import DATE_FIELDS
from reintegra.training.models import Enrolment


@dataclass(frozen=True)
class Event:
    on: dt.date
    area: str      # skills | training | employment | enterprise | support
    title: str
    detail: str = ""


def pathway_timeline(case: Any) -> list[Event]:
    events: list[Event] = []
    for goal in GuidanceGoal.objects.filter(case=case):
        events.append(Event(goal.created_at.date(), "skills", _("Guidance goal: %(g)s") % {"g": goal.description},
                            goal.get_kind_display()))
    for record in RplRecord.objects.filter(profile__case=case):
        for stage, field in DATE_FIELDS.items():
            day = getattr(record, field)
            if day:
                label = dict(RplRecord.Stage.choices)[stage]
                events.append(Event(day, "skills", _("Recognition of %(s)s: %(stage)s") % {"s": record.subject,
                                                                                          "stage": label}))
    for e in Enrolment.objects.filter(case=case).select_related("programme"):
        name = e.programme.name
        events.append(Event(e.enrolled_on, "training", _("Enrolled in %(p)s") % {"p": name}))
        if e.completed_on:
            events.append(Event(e.completed_on, "training", _("Completed %(p)s") % {"p": name}))
        if e.certified_on:
            events.append(Event(e.certified_on, "training", _("Certified: %(p)s") % {"p": name}, e.certificate))
        if e.dropped_out_on:
            events.append(Event(e.dropped_out_on, "training", _("Dropped out of %(p)s") % {"p": name},
                                e.dropout_reason))
    for p in Placement.objects.filter(case=case).select_related("employer"):
        employer = p.employer.name if p.employer else _("self-employed")
        events.append(Event(p.started_on, "employment", _("Started as %(j)s") % {"j": p.job_title}, employer))
        if p.ended_on:
            events.append(Event(p.ended_on, "employment", _("Placement ended"), p.get_end_reason_display()))
    for check in RetentionCheck.objects.filter(placement__case=case, done_on__isnull=False):
        assert check.done_on is not None  # filtered above
        state = _("still employed") if check.still_employed else _("no longer employed")
        events.append(Event(check.done_on, "employment", _("%(m)d-month retention check") % {"m": check.month},
                            state))
    for enterprise in Enterprise.objects.filter(case=case):
        if enterprise.started_on:
            events.append(Event(enterprise.started_on, "enterprise", _("Started business %(n)s") % {
                "n": enterprise.name}))
    for v in ViabilityCheck.objects.filter(enterprise__case=case).select_related("enterprise"):
        events.append(Event(v.checked_on, "enterprise", _("Viability check of %(n)s") % {"n": v.enterprise.name},
                            _("trading") if v.trading else _("closed")))
    for s in SupportSession.objects.filter(case=case):
        events.append(Event(s.held_on, "support", s.get_kind_display(), s.mentor))
    events.sort(key=lambda e: (e.on, e.area, e.title), reverse=True)
    return events


def pathway_for_case_page(*, user: Any, case: Any) -> dict[str, Any] | None:
    """Context for the case page: the timeline and links to the three pathway pages, or None when
    the user's role has no access to the economic pathway (then nothing is shown)."""
    from django.urls import reverse

    from reintegra.core.permissions import has_org_perm

    if not has_org_perm(user, "pathway.view", case.organization_id):
        return None
    return {
        "timeline": pathway_timeline(case),
        "links": [(reverse("skills:profile", args=[case.pk]), _("Skills and guidance")),
                  (reverse("training:case", args=[case.pk]), _("Training")),
                  (reverse("employment:case", args=[case.pk]), _("Work and enterprise"))],
    }
