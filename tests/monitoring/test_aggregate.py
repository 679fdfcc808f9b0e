"""The pre-aggregated path gives exactly the figures of the direct scan, and the incremental
refresh follows new, changed, closed, reopened, moved and deleted cases, and exploitation episodes
added, edited and deleted (which change a case's form of exploitation and sector)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.cases.models import Case, CaseStatus, ExploitationEpisode
from reintegra.monitoring.models import AggregateState, CaseFact, ClosureDays, OpeningMonth, StaleCase
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import aggregate, units
from reintegra.monitoring.statistics import figures as raw
from reintegra.people.models import Gender, Survivor

from .fixtures import D, add_cases, known_scenario

START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2026, 6, 30)


def same_figures(a: raw.RawFigures, b: raw.RawFigures) -> None:
    assert a.dimension_names == b.dimension_names
    assert a.bases == b.bases
    assert a.proportions == b.proportions
    assert a.durations == b.durations
    assert a.duration_buckets == b.duration_buckets
    assert a.derived_from == b.derived_from
    for dim, groups in a.durations.items():
        for group, days in groups.items():
            assert raw.median(days) == raw.median(b.durations[dim][group])


def assert_paths_agree(scope: Scope, start=START, end=END, as_of=AS_OF) -> raw.RawFigures:
    aggregated = raw.compute(scope, start, end, as_of)
    same_figures(aggregated, raw.compute(scope, start, end, as_of, direct=True))
    return aggregated


def assert_keys_as_the_unit_indicators() -> None:
    """The aggregate groups each case under the form and sector statistics/units.py gives it."""
    ids = list(Case.objects.values_list("id", flat=True))
    expected = {c: (k["form_of_exploitation"], k["sector"]) for c, k in units._person_keys(ids).items()}
    stored = {f.case_id: (f.group.form_of_exploitation, f.group.sector)
              for f in CaseFact.objects.filter(case_id__in=ids).select_related("group")}
    assert stored == expected
    assert {c: f.group[6:] for c, f in aggregate._live_facts(ids).items()} == expected


@pytest.fixture
def orgs(make_org):
    return make_org(name="A", country="NP"), make_org(name="B", country="NP", admin_area="South")


def test_known_scenario_matches_direct_path(orgs):
    known_scenario(*orgs)
    for scope in (Scope(organization_ids=(orgs[0].pk,)), Scope(network=True), Scope(areas=((orgs[1].pk, "South"),))):
        assert_paths_agree(scope)
    figures = assert_paths_agree(Scope(organization_ids=(orgs[0].pk,)))
    assert figures.bases["active"][""][""] == 18  # the known answer of test_indicators
    assert raw.median(figures.durations[""][""]) == 245


def test_periods_not_aligned_to_months(orgs):
    known_scenario(*orgs)
    add_cases(orgs[0], 2, opened=D(2024, 1, 15), closed=D(2024, 2, 14))
    add_cases(orgs[0], 1, opened=D(2023, 12, 31), closed=D(2024, 1, 1))
    add_cases(orgs[0], 1, opened=D(2022, 4, 1), closed=D(2024, 3, 31))
    add_cases(orgs[1], 1, opened=D(2022, 3, 31), closed=D(2024, 3, 1), area="South")
    for start, end in [(D(2024, 1, 15), D(2024, 2, 14)), (D(2024, 1, 16), D(2024, 2, 13)),
                       (D(2024, 2, 1), D(2024, 2, 29)), (D(2023, 12, 31), D(2024, 1, 1)),
                       (D(2024, 1, 2), D(2024, 1, 30)), (D(2022, 3, 9), D(2025, 7, 31))]:
        assert_paths_agree(Scope(network=True), start, end)


def test_refresh_follows_new_changed_closed_and_deleted_cases(orgs):
    org = orgs[0]
    known_scenario(org)
    scope = Scope(organization_ids=(org.pk,))
    before = assert_paths_agree(scope)
    refreshed = AggregateState.objects.get().refreshed_at

    add_cases(org, 1, gender=Gender.MASCULINE, opened=D(2024, 6, 10))             # new
    assert assert_paths_agree(scope).bases["opened"][""][""] == before.bases["opened"][""][""] + 1

    case = Case.objects.filter(closed_on__isnull=True, opened_on=D(2024, 3, 1)).first()
    case.status, case.closed_on = CaseStatus.CLOSED, D(2024, 9, 30)                # closed
    case.save()
    closed = assert_paths_agree(scope)
    assert closed.bases["closed"][""][""] == before.bases["closed"][""][""] + 1

    case.closed_on, case.status = None, CaseStatus.ACTIVE                           # reopened
    case.save()
    assert assert_paths_agree(scope).bases["closed"][""][""] == before.bases["closed"][""][""]

    case.opened_on = D(2025, 1, 5)                                                 # moved out of the period
    case.save()
    assert assert_paths_agree(scope).bases["opened"][""][""] == before.bases["opened"][""][""]

    other = Case.objects.filter(organization=org, closed_on=D(2024, 8, 1)).first()
    other.delete()                                                                 # deleted
    assert assert_paths_agree(scope).bases["closed"][""][""] == before.bases["closed"][""][""] - 1
    assert not CaseFact.objects.filter(case_id=other.pk).exists()
    assert AggregateState.objects.get().refreshed_at > refreshed


def test_survivor_change_reaches_the_aggregate_with_the_case_or_the_rebuild(orgs):
    org = orgs[0]
    add_cases(org, 3, opened=D(2024, 2, 1))
    scope = Scope(organization_ids=(org.pk,))
    Case.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
    aggregate.rebuild()
    assert assert_paths_agree(scope).bases["opened"]["sex"] == {"Feminine": 3}
    Survivor.objects.filter(pk=Case.objects.first().survivor_id).update(gender=Gender.MASCULINE)
    # The case itself did not change: the incremental refresh cannot see it, the daily rebuild does.
    assert raw.compute(scope, START, END, AS_OF).bases["opened"]["sex"] == {"Feminine": 3}
    aggregate.rebuild()
    assert assert_paths_agree(scope).bases["opened"]["sex"] == {"Feminine": 2, "Masculine": 1}
    # Saving the case (as any case edit does) carries the survivor's new attributes with it.
    Survivor.objects.filter(pk=Case.objects.last().survivor_id).update(gender=Gender.MASCULINE)
    Case.objects.last().save()
    assert assert_paths_agree(scope).bases["opened"]["sex"] == {"Feminine": 1, "Masculine": 2}


def test_a_case_closed_before_it_opened_is_counted_as_the_direct_scan_counts_it(orgs):
    add_cases(orgs[0], 2, opened=D(2024, 5, 1), closed=D(2024, 3, 1))
    add_cases(orgs[0], 3, opened=D(2024, 2, 1))
    assert_paths_agree(Scope(network=True))
    assert CaseFact.objects.filter(irregular=True).count() == 2
    assert sum(OpeningMonth.objects.values_list("opened", flat=True)) == 3


def test_rebuild_equals_incremental_refresh(orgs):
    known_scenario(*orgs)
    raw.compute(Scope(network=True), START, END, AS_OF)
    add_cases(orgs[0], 4, opened=D(2024, 4, 4), closed=D(2025, 1, 2))
    aggregate.refresh()
    incremental = (sorted(OpeningMonth.objects.values_list("group_id", "month", "opened", "long_engaged")),
                   sorted(ClosureDays.objects.values_list("group_id", "month", "days", "closed")))
    aggregate.rebuild()
    assert incremental == (sorted(OpeningMonth.objects.values_list("group_id", "month", "opened", "long_engaged")),
                           sorted(ClosureDays.objects.values_list("group_id", "month", "days", "closed")))


def test_refresh_with_nothing_changed_changes_nothing(orgs):
    known_scenario(*orgs)
    aggregate.refresh()
    rows = sorted(OpeningMonth.objects.values_list("group_id", "month", "opened", "long_engaged"))
    aggregate.refresh()
    assert sorted(OpeningMonth.objects.values_list("group_id", "month", "opened", "long_engaged")) == rows


def test_day_histogram_reads_like_the_sorted_list():
    import numpy as np

    histogram = raw.DayHistogram(np.array([0, 2, 0, 1, 3, 0]), offset=-2)
    assert list(histogram) == [-1, -1, 1, 2, 2, 2]
    assert histogram == [-1, -1, 1, 2, 2, 2]
    assert len(histogram) == 6 and histogram[2] == 1 and histogram[-1] == 2
    assert histogram.median() == 1.5
    assert raw.median(raw.DayHistogram(np.array([0, 0, 5]), offset=10)) == 12
    assert raw.median(raw.DayHistogram(np.zeros(0, dtype=int), offset=0)) is None


# --- Property: random hand-built cases, random period -> aggregate path == direct path. -------------

# Dates cluster on month edges, where the aggregate hands over to the per-case rows.
dates = st.builds(lambda months, offset: D(2022 + months // 12, months % 12 + 1, 1) + dt.timedelta(days=offset),
                  st.integers(0, 47), st.sampled_from([-1, 0, 1, 14, 27]))
case_strategy = st.tuples(
    st.sampled_from([Gender.FEMININE, Gender.MASCULINE, Gender.UNKNOWN]),
    st.one_of(st.none(), st.integers(1950, 2020)),
    st.sampled_from(["", "NP", "BD"]),
    st.booleans(),
    st.integers(0, 1),                       # organisation
    st.sampled_from(["North", "South"]),
    dates,
    st.one_of(st.none(), st.integers(-40, 800), dates),  # days to closure (negative: bad data) or closing date
)
# Exploitation episodes: form ("" as a bad row), ISIC section, start (None: unknown) relative to opening.
FORMS = ["debt_bondage", "trafficking", "other", ""]
SECTIONS = ["", "A", "C"]
episode_strategy = st.tuples(st.sampled_from(FORMS), st.sampled_from(SECTIONS),
                             st.one_of(st.none(), st.sampled_from([-400, -30, 0])))
change_strategy = st.lists(st.tuples(st.integers(0, 200), st.sampled_from(
    ["close", "reopen", "move", "delete", "episode_add", "episode_edit", "episode_delete"]),
    st.integers(-30, 400)), max_size=5)


def add_episode(case: Case, form: str, section: str, start: int | None) -> None:
    ExploitationEpisode.objects.create(organization=case.organization, case=case, form=form, isic_section=section,
                                       started_on=None if start is None else case.opened_on + dt.timedelta(days=start))


def change_episodes(case: Case, action: str, days: int) -> None:
    episodes = list(case.exploitation.order_by("id"))
    if action == "episode_add" or not episodes:
        add_episode(case, FORMS[days % 4], SECTIONS[days % 3], None if days % 5 == 0 else -days)
    elif action == "episode_edit":
        episode = episodes[days % len(episodes)]
        episode.form, episode.isic_section = FORMS[days % 4], SECTIONS[(days // 4) % 3]
        episode.started_on = None if days % 7 == 0 else case.opened_on - dt.timedelta(days=days)
        episode.save()
    else:
        episodes[days % len(episodes)].delete()


class Rollback(Exception):
    pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(cases=st.lists(st.tuples(case_strategy, st.lists(episode_strategy, max_size=2)), max_size=25), start=dates,
       length=st.integers(0, 900),
       as_of_after=st.integers(0, 800), changes=change_strategy, area_scope=st.booleans())
def test_aggregate_path_equals_direct_path(orgs, cases, start, length, as_of_after, changes, area_scope):
    end = start + dt.timedelta(days=length)
    as_of = end + dt.timedelta(days=as_of_after)
    scopes = [Scope(network=True), Scope(organization_ids=(orgs[0].pk,))]
    if area_scope:
        scopes.append(Scope(areas=((orgs[1].pk, "South"), (orgs[0].pk, "North"))))
    try:
        with transaction.atomic():
            for (gender, birth_year, nationality, disability, org, area, opened, closure), episodes in cases:
                survivor = Survivor.objects.create(organization=orgs[org], gender=gender, birth_year=birth_year,
                                                   nationality=nationality, has_disability=disability)
                closed = closure if isinstance(closure, dt.date) or closure is None else (
                    opened + dt.timedelta(days=closure))
                case = Case.objects.create(organization=orgs[org], survivor=survivor, admin_area=area,
                                           opened_on=opened, closed_on=closed,
                                           status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE)
                for episode in episodes:
                    add_episode(case, *episode)
            for scope in scopes:
                assert_paths_agree(scope, start, end, as_of)
            assert_keys_as_the_unit_indicators()
            # Out of the refresh's safety window: only what changes below (or is marked) is recounted.
            Case.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
            aggregate.rebuild()
            existing = list(Case.objects.order_by("id"))
            for index, action, days in changes:
                if not existing:
                    break
                case = existing[index % len(existing)]
                if action == "delete":
                    existing.remove(case)
                    case.delete()
                    continue
                if action.startswith("episode"):
                    change_episodes(case, action, days)  # the case itself is not saved
                    continue
                if action == "close":
                    case.closed_on = case.opened_on + dt.timedelta(days=days)
                elif action == "reopen":
                    case.closed_on = None
                else:
                    case.opened_on += dt.timedelta(days=days)
                case.save()
            for scope in scopes:
                assert_paths_agree(scope, start, end, as_of)
            assert_keys_as_the_unit_indicators()
            assert not StaleCase.objects.exists()
            raise Rollback
    except Rollback:
        pass


def test_the_daily_job_rebuilds_what_the_incremental_refresh_cannot_see(orgs):
    from django.core.management import call_command

    from reintegra.core.management.commands.daily import DAILY_JOBS

    assert "statistics_rebuild" in DAILY_JOBS
    org = orgs[0]
    add_cases(org, 2, opened=D(2024, 2, 1))
    scope = Scope(organization_ids=(org.pk,))
    Case.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
    aggregate.rebuild()
    Survivor.objects.filter(pk=Case.objects.first().survivor_id).update(gender=Gender.MASCULINE)
    assert raw.compute(scope, START, END, AS_OF).bases["opened"]["sex"] == {"Feminine": 2}
    call_command("statistics_rebuild")
    assert assert_paths_agree(scope).bases["opened"]["sex"] == {"Feminine": 1, "Masculine": 1}
