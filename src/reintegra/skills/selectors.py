"""Reads of skills data, always through a case the user may see (forbidden looks like missing)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from reintegra.cases.models import Case
from reintegra.cases.selectors import cases_visible_to
from reintegra.core import audit
from reintegra.core.permissions import has_org_perm
from reintegra.skills.models import CodedItem, GuidanceChecklistAnswer, SkillsProfile


def pathway_case_get(*, user: Any, case_id: Any, perm: str = "pathway.view", purpose: str = "pathway") -> Case:
    """The case if `user` may see it and holds `perm` in its organisation, else Http404 (audited read)."""
    try:
        case = cases_visible_to(user=user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case.") from None
    if not has_org_perm(user, perm, case.organization_id):
        raise Http404("No such case.")
    audit.record(audit.Action.READ, actor=user, organization=case.organization_id, obj=case,
                 detail={"purpose": purpose})
    return case


def profile_of(case: Case) -> SkillsProfile | None:
    return SkillsProfile.objects.filter(case=case).prefetch_related("coded_items", "qualifications",
                                                                     "rpl_records").first()


def codes_of(case: Case) -> dict[str, set[str]]:
    """The confirmed codes of a case by kind (used by matching)."""
    result: dict[str, set[str]] = {kind: set() for kind in CodedItem.Kind.values}
    for kind, code in CodedItem.objects.filter(profile__case=case).values_list("kind", "code"):
        result[kind].add(code)
    return result


def checklist_answers_of(case: Case) -> dict[str, GuidanceChecklistAnswer]:
    return {a.item_id: a for a in GuidanceChecklistAnswer.objects.filter(case=case)}
