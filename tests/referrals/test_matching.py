"""Matching: hard rules exclude, points rank, every result explains itself (hypothesis for the rules)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.directory import attributes
from reintegra.referrals.matching import TYPE_CODES, Profile, ServiceIndex, profile_for_case, rank, score

SUPPORTS = attributes.codes_in("support")
GROUPS = attributes.codes_in("target_group")
AREAS = ["North", "South", "East"]
LANGS = ["en", "ne", "hi", "fr"]


def row(i, *, stype="tvet", area="North", lo=None, hi=None, sex="any", codes=(), langs="en", legal=False,
        places=None, waiting=None):
    return (f"00000000-0000-4000-8000-{i:012d}", f"S{i}", None, stype, area, lo, hi, sex,
            attributes.mask(list(codes)), langs, legal, places, waiting, None)


service_rows = st.builds(
    lambda i, stype, area, lo, span, sex, codes, langs, legal, places, waiting: row(
        i, stype=stype, area=area, lo=lo, hi=None if span is None else (lo or 0) + span, sex=sex, codes=codes,
        langs=",".join(langs), legal=legal, places=places, waiting=waiting),
    st.integers(0, 10**9), st.sampled_from(TYPE_CODES), st.sampled_from(AREAS),
    st.one_of(st.none(), st.integers(0, 30)),
    st.one_of(st.none(), st.integers(0, 60)), st.sampled_from(["any", "female", "male"]),
    st.lists(st.sampled_from(SUPPORTS + GROUPS + ["trauma_informed"]), unique=True, max_size=4),
    st.lists(st.sampled_from(LANGS), unique=True, max_size=2), st.booleans(),
    st.one_of(st.none(), st.integers(0, 20)), st.one_of(st.none(), st.integers(0, 120)))
profiles = st.builds(
    Profile, age=st.one_of(st.none(), st.integers(10, 70)), sex=st.sampled_from(["any", "female", "male"]),
    area=st.sampled_from(AREAS), languages=st.sets(st.sampled_from(LANGS), max_size=2),
    needs=st.lists(st.sampled_from(["skills", "health", "care", "legal_entitlements", "job_readiness"]),
                   unique=True, max_size=3),
    supports=st.sets(st.sampled_from(SUPPORTS), max_size=2), target_groups=st.sets(st.sampled_from(GROUPS), max_size=2),
    legal_residence=st.booleans())


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(service_rows, min_size=1, max_size=40, unique_by=lambda r: r[0]), profile=profiles)
def test_ranking_respects_hard_rules_and_order(rows, profile):
    index = ServiceIndex(rows, {})
    matches = rank(profile, limit=10, index=index)
    by_id = {r[0]: r for r in rows}
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    total, _parts = score(index, profile)
    assert len(matches) == min(10, int(np.isfinite(total).sum()))
    for match in matches:
        r = by_id[match.service_id]
        lo, hi, sex, legal = r[5] or 0, 200 if r[6] is None else r[6], r[7], r[10]
        if profile.age is not None:
            assert lo <= profile.age <= hi
        if profile.sex in ("female", "male"):
            assert sex in ("any", profile.sex)
        if not profile.legal_residence:
            assert not legal
        assert match.reasons, "every result explains itself"


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(service_rows, min_size=2, max_size=20, unique_by=lambda r: r[0]), profile=profiles)
def test_adding_a_fitting_feature_never_lowers_a_score(rows, profile):
    """Monotonic: the same service in the person's area scores at least as high as elsewhere."""
    base = list(rows)
    moved = [row[:4] + (profile.area,) + row[5:] for row in rows]
    before, _ = score(ServiceIndex(base, {}), profile)
    after, _ = score(ServiceIndex(moved, {}), profile)
    finite = np.isfinite(before)
    assert np.all(after[finite] >= before[finite] - 1e-4)


def test_reasons_name_the_need_area_language_and_missing_supports():
    index = ServiceIndex([row(1, stype="tvet", area="North", langs="ne", codes=("stipend",), places=3),
                          row(2, stype="health_care", area="South", langs="fr", places=0)], {})
    profile = Profile(age=25, sex="female", area="North", languages={"ne"}, needs=["skills"],
                      supports={"stipend", "childcare"})
    first, second = rank(profile, index=index)
    assert first.name == "S1"
    text = " ".join(first.reasons)
    assert "skills" in text and "North" in text and "ne" in text and "stipend" in text
    assert "does not list childcare" in text and "3 places free" in text
    assert "no places free now" in " ".join(second.reasons)


def test_profile_from_a_case_uses_the_survivor_and_needs(network):
    profile = profile_for_case(network.case)
    assert profile.sex == "female" and profile.area == "North" and "women" in profile.target_groups
    assert profile.age is not None and 20 < profile.age < 60


def test_rank_over_the_directory_finds_the_service(network):
    from reintegra.referrals.matching import service_index

    profile = profile_for_case(network.case)
    profile.needs = ["skills"]
    matches = rank(profile, index=service_index())
    assert matches and matches[0].service_id == str(network.service.pk)


def test_programmes_rank_by_need_area_language_and_seats(network, client):
    from reintegra.referrals.matching_programmes import rank_programmes
    from reintegra.training.models import Programme
    from tests.conftest import PASSWORD

    near = Programme.objects.create(organization=network.provider_org, name="Sewing", kind="vocational",
                                    admin_area="North", language="ne", capacity=10)
    Programme.objects.create(organization=network.other, name="Rights", kind="workers_rights", admin_area="South",
                             language="fr", capacity=0)
    profile = Profile(area="North", languages={"ne"}, needs=["skills"])
    (first, programme), (second, _other) = rank_programmes(profile)
    assert programme == near and first.score > second.score
    assert any("answers need: skills" in r for r in first.reasons)
    assert any("no seats left" in r for r in second.reasons)
    client.login(username="sup", password=PASSWORD)
    page = client.get(f"/referrals/match/{network.case.pk}/").content.decode()
    assert "Sewing" in page and "Tailoring course" in page


def test_open_plan_goals_count_as_needs(network):
    from reintegra.cases.models import PlanGoal, ReintegrationPlan

    plan = ReintegrationPlan.objects.create(organization=network.shelter, case=network.case)
    PlanGoal.objects.create(organization=network.shelter, plan=plan, area="training", description="Sewing")
    PlanGoal.objects.create(organization=network.shelter, plan=plan, area="legal", description="Wages",
                            status="achieved")
    network.case.refresh_from_db()
    profile = profile_for_case(network.case)
    assert profile.needs == ["skills"]


def test_index_follows_directory_changes_made_through_services(network, make_member,
                                                               django_capture_on_commit_callbacks):
    from reintegra.core.models import Role
    from reintegra.directory.services import service_update_capacity
    from reintegra.referrals.matching import service_index

    first = service_index()
    assert service_index() is first  # cached
    admin = make_member(network.provider_org, Role.ORG_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        service_update_capacity(actor=admin, service=network.service, places_available=0, waiting_days=3,
                                accepts_referrals=False)
    assert len(service_index()) == 0  # the only service no longer accepts referrals


def test_exclusions_are_counted_per_rule():
    from reintegra.referrals.matching import exclusions

    index = ServiceIndex([row(1, lo=18), row(2, sex="male"), row(3, legal=True), row(4)], {})
    profile = Profile(age=16, sex="female", legal_residence=False)
    assert exclusions(profile, index) == {"age": 1, "sex": 1, "legal_residence": 1}
    assert [m.name for m in rank(profile, index=index)] == ["S4"]
