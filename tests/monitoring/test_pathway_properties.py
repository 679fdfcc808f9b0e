"""Property tests of the unit publisher: whatever the units, no published count, numerator or
complement lies between 1 and threshold − 1, and none stands on fewer than threshold people."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.monitoring.statistics.computations import UnitComputation
from reintegra.monitoring.statistics.library import Indicator
from reintegra.monitoring.statistics.publish import UnitPublisher
from reintegra.monitoring.statistics.units import Unit

T = 5
unit = st.builds(
    lambda person, sex, age, hit, value: Unit(
        person=person, keys={"sex": sex, "age_group": age, "child": "child" if age == "15-17" else "adult"},
        hit=hit, value=float(value)),
    st.integers(1, 25), st.sampled_from(["F", "M", "X"]), st.sampled_from(["15-17", "18-24", "25-34"]),
    st.booleans(), st.integers(0, 400))


def indicator(kind: str) -> Indicator:
    return Indicator(code="x", name="x", kind=kind, description="", numerator="", population="", period="",
                     guidance="")


def persons(units, dim, group, hit=None):
    return {u.person for u in units if (not dim or u.keys[dim] == group) and (hit is None or u.hit == hit)}


@settings(max_examples=150, deadline=None)
@given(st.lists(unit, max_size=60), st.sampled_from(["count", "proportion", "median"]))
def test_no_small_or_thin_cell_is_published(units, kind):
    computation = UnitComputation(kind, "b", lambda *a: units, ("sex", "age_group", "child"))
    panel = UnitPublisher(T).panel(indicator(kind), computation, units)
    groups = [("", "", panel.overall)] + [(dim, g.label, g) for dim, gs in panel.by_dimension.items() for g in gs]
    for dim, label, group in groups:
        if group.count is not None and group.count:
            assert group.count >= T and len(persons(units, dim, label)) >= T
        if kind == "proportion" and group.numerator is not None and group.count is not None:
            misses = group.count - group.numerator
            for value, hit in ((group.numerator, True), (misses, False)):
                assert value == 0 or (value >= T and len(persons(units, dim, label, hit)) >= T)
        if group.value is not None and kind != "count":
            assert group.count is not None and group.count >= T
