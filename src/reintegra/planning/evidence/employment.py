"""Rules on post-training support: start-up support and job retention follow-up (3g.1)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reintegra.planning.evidence.base import Proposal, Scope, percent, rule, share_answer
from reintegra.planning.models import AnswerChoice


@rule("3g.1.1")
def startup_support(scope: Scope, item_id: str) -> Proposal | None:
    """Enterprises of the scope's survivors recorded by the end of the period that received start-up support."""
    from reintegra.employment.models import Enterprise

    enterprises = Enterprise.objects.filter(organization_id__in=scope.organization_ids,
                                            created_at__date__lte=scope.period_end)
    total = enterprises.count()
    if total == 0:
        return None
    supported = enterprises.filter(support__isnull=False).distinct().count()
    if supported == total:
        answer = AnswerChoice.YES
    elif supported:
        answer = AnswerChoice.PARTLY
    else:
        answer = AnswerChoice.NO
    summary = _("%(supported)d of %(total)d survivor enterprises received start-up support (grant, loan, "
                "equipment or business training).") % {"supported": supported, "total": total}
    return Proposal(item_id, answer, summary, {"enterprises": total, "supported": supported})


@rule("3g.1.2")
def retention_follow_up(scope: Scope, item_id: str) -> Proposal | None:
    """Retention checks (1, 3, 6, 12 months after a placement) due in the period, and how many were done."""
    from reintegra.employment.models import RetentionCheck

    checks = RetentionCheck.objects.filter(placement__organization_id__in=scope.organization_ids,
                                           due_on__gte=scope.period_start, due_on__lte=scope.period_end)
    due = checks.count()
    if due == 0:
        return None
    done = checks.filter(done_on__isnull=False).count()
    summary = _("%(done)d of %(due)d job retention checks due in this period were done (%(share).0f%%).") % {
        "done": done, "due": due, "share": percent(done, due)}
    return Proposal(item_id, share_answer(done / due, yes_at=0.9, partly_at=0.5), summary,
                    {"checks_due": due, "checks_done": done})
