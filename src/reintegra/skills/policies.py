"""Permission predicates for the economic pathway (skills, training, employment).

Acting on a case needs two things: the case selector lets the user see the case, and the user's
role grants the permission in the case's owner organisation.
"""

from __future__ import annotations

from typing import Any

import rules

from reintegra.cases.selectors import cases_visible_to
from reintegra.core.permissions import has_org_perm


def can_act_on_case(user: Any, perm: str, case: Any) -> bool:
    if case is None or not has_org_perm(user, perm, case.organization_id):
        return False
    return cases_visible_to(user=user).filter(pk=case.pk).exists()


@rules.predicate
def can_view_pathway(user: Any, case: Any = None) -> bool:
    return can_act_on_case(user, "pathway.view", case)


@rules.predicate
def can_change_skills(user: Any, case: Any = None) -> bool:
    return can_act_on_case(user, "skills.change", case)


rules.add_perm("reintegra.pathway.view", can_view_pathway)
rules.add_perm("reintegra.skills.change", can_change_skills)
