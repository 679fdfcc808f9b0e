"""Keeping the unit facts (models_units.UnitFact) in step with the source records.

Source records mark their case dirty through signals (models_units.py); `refresh()`, run before
each read, recomputes the candidate units (unit_sources.py) of the dirty cases only, and brings the
stored network cubes (unit_cube.py) in step with them. Writes that
bypass signals are picked up by `rebuild()`: `reintegra statistics_rebuild`, and the first refresh
after REINTEGRA_STATISTICS_REBUILD_HOURS (as the case aggregate, aggregate.py).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from reintegra.cases.models import Case
from reintegra.monitoring.models_units import KEY_COLUMNS, UnitFact, UnitFactDirty, UnitFactState
from reintegra.monitoring.statistics import unit_cube
from reintegra.monitoring.statistics.aggregate import rebuild_every
from reintegra.monitoring.statistics.unit_sources import candidates

CHUNK = 5000


def _store(case_ids: list[int]) -> int:
    rows = []
    for c, k in candidates(case_ids):
        keys = {**k.keys, **c.keys}
        rows.append(UnitFact(
            base=c.base, case_id=c.case, organization_id=k.organization_id, admin_area=k.admin_area, day=c.day,
            last_day=c.last_day or c.day, prev_day=c.prev_day, next_day=c.next_day, known_from=c.known_from,
            hit=c.hit, value=c.value, facet=c.facet, **{column: keys.get(column) or "" for column in KEY_COLUMNS}))
    UnitFact.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def refresh() -> UnitFactState:
    """Recompute the units of the cases marked dirty since the last refresh (a full rebuild the
    first time and when the last one is older than the rebuild interval)."""
    with transaction.atomic():
        state = UnitFactState.locked()
        if state.rebuilt_at is None or timezone.now() - state.rebuilt_at > rebuild_every():
            return _rebuild(state)
        marks = list(UnitFactDirty.objects.values_list("id", "case_id"))
        if marks:
            dirty = sorted({case_id for _id, case_id in marks})
            for n in range(0, len(dirty), CHUNK):
                chunk = dirty[n:n + CHUNK]
                changes = unit_cube.CubeChanges(chunk)
                UnitFact.objects.filter(case_id__in=chunk).delete()
                _store(chunk)
                changes.apply()
            # A mark written meanwhile has a higher id and waits for the next refresh.
            UnitFactDirty.objects.filter(id__lte=max(i for i, _c in marks)).delete()
        state.refreshed_at = timezone.now()
        state.save(update_fields=["refreshed_at"])
    return state


def rebuild() -> UnitFactState:
    with transaction.atomic():
        return _rebuild(UnitFactState.locked())


def _rebuild(state: UnitFactState) -> UnitFactState:
    last_mark = UnitFactDirty.objects.order_by("-id").values_list("id", flat=True).first()
    UnitFact.objects.all().delete()
    ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    for n in range(0, len(ids), CHUNK):
        _store(ids[n:n + CHUNK])
    if last_mark is not None:
        UnitFactDirty.objects.filter(id__lte=last_mark).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {UnitFact._meta.db_table}", [])
    unit_cube.rebuild(timezone.localdate())
    now = timezone.now()
    state.refreshed_at = state.rebuilt_at = now
    state.save()
    return state
