"""Shared guard of every case write: the actor must see the case and hold the permission."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.cases.selectors import cases_visible_to
from reintegra.core.permissions import has_org_perm


def case_for_write(*, actor: Any, case: Case, perm: str = "case.change", allow_closed: bool = False) -> Case:
    """Re-check access on every write. Out of scope looks like missing (404); in scope but
    without the permission is refused (403); a closed case must be reopened first."""
    if not cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    if not has_org_perm(actor, perm, case.organization_id):
        raise PermissionDenied(_("Your role does not allow this."))
    if not allow_closed and not case.is_open:
        raise ValidationError(_("This case is closed. Reopen it first."))
    return case
