"""The stored cubes (statistics/unit_cube.py): after random creates, updates and deletes of the
source records, a cube kept in step by the refresh equals one built from scratch, and the panels
read from it equal the panels of the direct computation, for the network, an organisation and an
area."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.monitoring.models_units import UnitCube
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import unit_cube, unit_facts
from reintegra.monitoring.statistics.board import unit_panels
from reintegra.training.models import Enrolment

from .pathway_fixtures import D, enrol, new_case, programme
from .test_unit_facts import Rollback, World, action, orgs, snapshot  # noqa: F401 (orgs is a fixture)

NETWORK = Scope(network=True)
PERIODS = [(D(2023, 1, 1), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31)), (D(2023, 4, 1), D(2023, 6, 30)),
           (D(2024, 7, 1), D(2024, 9, 30)), (D(2023, 3, 1), D(2023, 3, 31)), (D(2025, 1, 1), D(2025, 12, 31))]


def normal(data: dict) -> dict:
    """A snapshot without the empty groups a merge leaves out."""
    result: dict = {}
    unit_cube.merge(result, data, 1)
    return result


def assert_cubes_read_as_direct(scopes: list[Scope], start: dt.date, end: dt.date, as_of: dt.date) -> None:
    for threshold in (1, 3, 5):
        with override_settings(REINTEGRA_SUPPRESSION_THRESHOLD=threshold):
            for scope in scopes:
                assert snapshot(unit_panels(scope, start, end, as_of)[0]) == snapshot(
                    unit_panels(scope, start, end, as_of, direct=True)[0])
    for scope in scopes:  # the panels were read from the cubes
        stored = UnitCube.objects.filter(scope=unit_cube.scope_key(scope), start=start, end=end, as_of=as_of)
        assert stored.count() == len(unit_cube.needs())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(n_cases=st.integers(1, 7), before=st.lists(action, max_size=30), after=st.lists(action, min_size=1,
                                                                                       max_size=20),
       period=st.sampled_from(PERIODS), as_of_after=st.integers(0, 500))
def test_a_cube_kept_in_step_equals_a_new_one_and_reads_as_the_direct_path(orgs, n_cases, before, after,  # noqa: F811
                                                                           period, as_of_after):
    start, end = period
    as_of = end + dt.timedelta(days=as_of_after)
    scopes = [NETWORK, Scope(organization_ids=(orgs[0].pk,)), Scope(areas=((orgs[1].pk, "South"),))]
    try:
        with transaction.atomic():
            world = World(orgs, n_cases)
            for step in before:
                world.act(*step)
            unit_facts.rebuild()
            assert_cubes_read_as_direct(scopes, start, end, as_of)
            for step in after:
                world.act(*step)
            assert_cubes_read_as_direct(scopes, start, end, as_of)  # the refresh brings the cubes in step first
            for cube in UnitCube.objects.all():
                assert normal(cube.data) == normal(unit_cube.snapshot(
                    cube.base, unit_cube.scope_of(cube.scope), cube.start, cube.end, cube.as_of))
            raise Rollback
    except Rollback:
        pass


def test_cubes_only_answer_calendar_periods():
    assert unit_cube.applies(NETWORK, D(2024, 1, 1), D(2024, 12, 31))
    assert unit_cube.applies(NETWORK, D(2024, 4, 1), D(2024, 6, 30))
    assert unit_cube.applies(Scope(organization_ids=(1,)), D(2024, 1, 1), D(2024, 12, 31))
    assert not unit_cube.applies(NETWORK, D(2024, 1, 2), D(2024, 12, 31))  # a supervisor's free range
    assert not unit_cube.applies(Scope(), D(2024, 1, 1), D(2024, 12, 31))


def test_a_scope_is_stored_by_name_and_read_back():
    for scope in (NETWORK, Scope(organization_ids=(3, 5)), Scope(organization_ids=(2,), areas=((7, "North"),))):
        assert unit_cube.scope_of(unit_cube.scope_key(scope)) == scope
    many = Scope(areas=tuple((n, f"Area number {n}") for n in range(40)))
    assert unit_cube.scope_key(many) == "" and not unit_cube.applies(many, D(2024, 1, 1), D(2024, 12, 31))


def test_a_cube_is_rebuilt_for_another_day_and_dropped_when_unused(orgs):  # noqa: F811
    prog = programme(orgs[0])
    for _n in range(6):
        enrol(new_case(orgs[0]), prog, completed=D(2024, 3, 1))
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    unit_panels(NETWORK, start, end, D(2025, 1, 1))
    assert set(UnitCube.objects.values_list("as_of", flat=True)) == {D(2025, 1, 1)}
    panels = dict((p.indicator.code, p) for p in unit_panels(NETWORK, start, end, D(2025, 6, 30))[0])
    assert set(UnitCube.objects.values_list("as_of", flat=True)) == {D(2025, 6, 30)}
    assert panels["dropout_rate"].overall.count == 6
    # The nightly rebuild builds the cubes read lately for the new day and drops the others.
    UnitCube.objects.filter(base="enrolments_ended").update(read_at=timezone.now() - dt.timedelta(days=30))
    unit_facts.rebuild()
    assert not UnitCube.objects.filter(base="enrolments_ended").exists()
    assert set(UnitCube.objects.values_list("as_of", flat=True)) == {timezone.localdate()}


def test_a_deleted_record_leaves_the_cube(orgs):  # noqa: F811
    prog = programme(orgs[0])
    cases = [new_case(orgs[0]) for _n in range(7)]
    for case in cases:
        enrol(case, prog, completed=D(2024, 3, 1))
    start, end, as_of = D(2024, 1, 1), D(2024, 12, 31), D(2025, 6, 30)
    assert dict((p.indicator.code, p.overall.count) for p in unit_panels(NETWORK, start, end, as_of)[0])[
        "dropout_rate"] == 7
    Enrolment.objects.filter(case=cases[0]).delete()
    assert dict((p.indicator.code, p.overall.count) for p in unit_panels(NETWORK, start, end, as_of)[0])[
        "dropout_rate"] == 6
    cube = UnitCube.objects.get(base="enrolments_ended", start=start, end=end)
    assert cube.data["cells"][""][""][:2] == [6, 6]
