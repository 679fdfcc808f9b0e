"""Enrolment status rules, property-tested."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from reintegra.training.rules_enrolment import FINAL, ORDER, status_errors

statuses = st.sampled_from([*ORDER, "dropped_out"])
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 1, 1))


@given(current=statuses, new=statuses, on=days, enrolled=days, certificate=st.text(max_size=5),
       category=st.sampled_from(["", "health", "other", "made up"]))
def test_rules(current, new, on, enrolled, certificate, category):
    errors = status_errors(current=current, new=new, on=on, enrolled_on=enrolled, certificate=certificate,
                           category=category, categories=("health", "other"))
    backwards = new != "dropped_out" and current not in FINAL and ORDER.index(new) <= ORDER.index(current)
    assert ("status" in errors) == (current in FINAL or backwards)
    assert ("on" in errors) == (on < enrolled)
    assert ("certificate" in errors) == (new == "certified" and not certificate.strip())
    assert ("category" in errors) == (new == "dropped_out" and category not in ("health", "other"))
