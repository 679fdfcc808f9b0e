"""Who may run programmes and manage enrolments.

An enrolment is managed from two sides: the provider running the programme (its staff see a
trainee reference, never the case nor whether the trainee is a survivor) and the organisation
that owns the survivor's case (its staff reach it through the case).
"""

from __future__ import annotations

from typing import Any

import rules

from reintegra.core.permissions import has_org_perm
from reintegra.skills.policies import can_act_on_case


def is_provider_staff(user: Any, organization_id: int) -> bool:
    return has_org_perm(user, "training.enrol", organization_id) or has_org_perm(user, "training.manage",
                                                                                   organization_id)


def can_manage_enrolment(user: Any, enrolment: Any) -> bool:
    if is_provider_staff(user, enrolment.organization_id):
        return True
    return enrolment.case_id is not None and can_act_on_case(user, "training.enrol", enrolment.case)


@rules.predicate
def can_manage_programme(user: Any, programme: Any = None) -> bool:
    return programme is not None and has_org_perm(user, "training.manage", programme.organization_id)


rules.add_perm("reintegra.training.manage", can_manage_programme)
