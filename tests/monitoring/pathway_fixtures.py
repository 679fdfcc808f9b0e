"""Hand-built training, employment, referral and lifecycle records for the unit-based indicators."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reintegra.cases.models import Case, CaseStatus, ExploitationEpisode
from reintegra.employment.models import Employer, Enterprise, Placement, RetentionCheck, ViabilityCheck
from reintegra.people.models import Gender, Survivor
from reintegra.referrals.models import Referral, Status
from reintegra.training.models import CommunityTrainee, Enrolment, Programme

D = dt.date
CRITERIA = dict(written_contracts=True, minimum_wage=True, safety_health=True, freedom_of_association=True,
                no_recruitment_fees=True)


def new_case(org, *, gender=Gender.FEMININE, birth_year=1990, opened=D(2024, 1, 1), area="North", form=None,
             sector="", closed=None):
    survivor = Survivor.objects.create(organization=org, gender=gender, birth_year=birth_year, nationality="NP")
    case = Case.objects.create(organization=org, survivor=survivor, admin_area=area, opened_on=opened,
                               closed_on=closed, status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE)
    if form:
        ExploitationEpisode.objects.create(organization=org, case=case, form=form, isic_section=sector)
    return case


def programme(org, name="Tailoring", isco="7531"):
    return Programme.objects.create(organization=org, name=name, kind=Programme.Kind.VOCATIONAL, isco_code=isco)


def employer(org, decent=True, name="Garments Ltd"):
    return Employer.objects.create(organization=org, name=name, **(CRITERIA if decent else {}))


def enrol(case, prog, *, status=Enrolment.Status.COMPLETED, completed=None, dropped=None, reason="", note=""):
    """`reason` is a DropoutReason code; `note` the private free text."""
    return Enrolment.objects.create(organization=prog.organization, programme=prog, case=case,
                                    case_organization=case.organization, status=status, completed_on=completed,
                                    dropped_out_on=dropped, dropout_category=reason, dropout_reason=note)


def enrol_community(prog, *, status=Enrolment.Status.COMPLETED, completed=None, dropped=None, gender="Feminine"):
    trainee = CommunityTrainee.objects.create(organization=prog.organization, gender=gender, birth_year=1995)
    return Enrolment.objects.create(organization=prog.organization, programme=prog, community_trainee=trainee,
                                    status=status, completed_on=completed, dropped_out_on=dropped,
                                    dropout_category="found_work" if dropped else "")


def place(case, emp, started, *, kind=Placement.Kind.WAGE, ended=None, isco="7531"):
    return Placement.objects.create(organization=case.organization, case=case, employer=emp, kind=kind,
                                    job_title="Machinist", isco_code=isco, started_on=started, ended_on=ended)


def check(placement, month, due, *, done=None, still=None):
    return RetentionCheck.objects.create(organization=placement.organization, placement=placement, month=month,
                                         due_on=due, done_on=done, still_employed=still)


def enterprise(case, started, *, status=Enterprise.Status.STARTED, checks=()):
    ent = Enterprise.objects.create(organization=case.organization, case=case, name="Shop", isco_code="5221",
                                    started_on=started, status=status)
    for checked_on, trading in checks:
        ViabilityCheck.objects.create(organization=case.organization, enterprise=ent, checked_on=checked_on,
                                      trading=trading)
    return ent


def at(day: dt.date, hours: float = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hours))


def referral(case, recipient, *, sent, answered=None, status=Status.ACCEPTED, closed=None):
    return Referral.objects.create(organization=case.organization, case=case, recipient=recipient, reason="x",
                                   response_due=sent.date(), status=status, sent_at=sent, responded_at=answered,
                                   closed_at=closed)
