"""Rules on training: programmes on offer, qualifications, support to trainees (3b.2, 3e, 3f)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reintegra.planning.evidence.base import Proposal, Scope, rule
from reintegra.planning.models import AnswerChoice


@rule("3f.1.1")
def vocational_offer_known(scope: Scope, item_id: str) -> Proposal:
    """Active vocational programmes recorded by organisations of the country, and how many run them."""
    from reintegra.training.models import Programme

    programmes = Programme.objects.filter(kind=Programme.Kind.VOCATIONAL, is_active=True,
                                          organization__country=scope.country)
    count = programmes.count()
    providers = programmes.values("organization_id").distinct().count()
    if count == 0:
        answer = AnswerChoice.NO
    elif providers >= 2:
        answer = AnswerChoice.YES
    else:
        answer = AnswerChoice.PARTLY
    summary = _("%(count)d active vocational programmes run by %(providers)d organisations are recorded in "
                "%(country)s.") % {"count": count, "providers": providers, "country": scope.country}
    return Proposal(item_id, answer, summary, {"programmes": count, "providers": providers})


@rule("3e.1")
def recognised_qualifications(scope: Scope, item_id: str) -> Proposal | None:
    """The scope's active vocational programmes that name a qualification and its awarding body."""
    from reintegra.training.models import Programme

    programmes = Programme.objects.filter(kind=Programme.Kind.VOCATIONAL, is_active=True,
                                          organization_id__in=scope.organization_ids)
    total = programmes.count()
    if total == 0:
        return None
    qualified = programmes.exclude(qualification="").exclude(awarding_body="").count()
    if qualified == total:
        answer = AnswerChoice.YES
    elif qualified:
        answer = AnswerChoice.PARTLY
    else:
        answer = AnswerChoice.NO
    summary = _("%(qualified)d of %(total)d vocational programmes lead to a named qualification from an "
                "awarding body.") % {"qualified": qualified, "total": total}
    return Proposal(item_id, answer, summary, {"programmes": total, "with_qualification": qualified})


@rule("3b.2.8")
def trainee_support(scope: Scope, item_id: str) -> Proposal | None:
    """Which of transport, stipend and childcare the scope's programmes gave to trainees enrolled in the period."""
    from reintegra.training.models import Enrolment

    enrolments = Enrolment.objects.filter(organization_id__in=scope.organization_ids,
                                          enrolled_on__gte=scope.period_start, enrolled_on__lte=scope.period_end)
    total = enrolments.count()
    if total == 0:
        return None
    given = {
        "transport": enrolments.filter(transport=True).count(),
        "stipend": enrolments.filter(stipend__gt=0).count(),
        "childcare": enrolments.filter(childcare=True).count(),
    }
    kinds = sum(1 for count in given.values() if count)
    answer = AnswerChoice.YES if kinds == 3 else AnswerChoice.PARTLY if kinds else AnswerChoice.NO
    summary = _("Of %(total)d enrolments in this period, %(transport)d had transport, %(stipend)d a stipend and "
                "%(childcare)d childcare.") % {"total": total, **given}
    return Proposal(item_id, answer, summary, {"enrolments": total, **given})
