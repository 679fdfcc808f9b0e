"""Reads of survivor identity. Callers reach a survivor through a visible case first."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from reintegra.core import crypto
from reintegra.people.models import Survivor


def survivor_ids_matching_name(query: str) -> QuerySet[Survivor, Any]:
    """Ids of survivors whose normalised full name equals `query` (exact, via blind index).

    Returns an unevaluated id queryset meant to be combined with a scoped case queryset; it never
    leaves this module as a list of people.
    """
    index = crypto.blind_index(query)
    return Survivor.objects.filter(name_index=index).values("id")


def survivors_matching_identity(*, full_name: str, birth_date: str = "") -> QuerySet[Survivor]:
    """Exact duplicates by name, or name and birth date when the date is known (blind indexes)."""
    q = Q(name_index=crypto.blind_index(full_name))
    if birth_date:
        q = Q(name_birth_index=crypto.blind_index(full_name, birth_date))
    return Survivor.objects.filter(q)
