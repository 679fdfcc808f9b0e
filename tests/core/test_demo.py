"""The demo generator is reproducible and follows the ILO 2017 global estimates it is calibrated on."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db import transaction

from reintegra.core.models import Membership, Role
from reintegra.demo.calibration import calibration, draw_profile
from reintegra.demo.generator import DEMO_USERS, generate
from reintegra.people.models import Survivor


def test_profiles_follow_the_calibration():
    rng = random.Random(11)
    profiles = [draw_profile(rng) for _ in range(20_000)]
    cal = calibration()
    female = sum(p.sex == "female" for p in profiles) / len(profiles)
    children = sum(p.age < 18 for p in profiles) / len(profiles)
    assert abs(female - cal["sex"]["female"]) < 0.015
    assert abs(children - cal["child_share"]) < 0.015
    forms = Counter(p.form_of_exploitation for p in profiles)
    for form, share in cal["form_of_exploitation"].items():
        assert abs(forms[form] / len(profiles) - share) < 0.015, form
    labour = [p for p in profiles if p.form_of_exploitation != "trafficking_sexual"]
    domestic = sum(p.sector == "T" for p in labour) / len(labour)
    assert abs(domestic - cal["sector"]["T"]["share"]) < 0.015
    assert all(0 < p.age <= 70 for p in profiles)


def test_calibration_shares_sum_to_one():
    cal = calibration()
    assert abs(sum(cal["sex"].values()) - 1) < 1e-9
    assert abs(sum(cal["form_of_exploitation"].values()) - 1) < 1e-9
    assert abs(sum(s["share"] for s in cal["sector"].values()) - 1) < 1e-9


class _Rollback(Exception):
    pass


def _generated(seed: int) -> list[tuple]:
    """Generate demo data inside a savepoint, describe it, and roll it back."""
    snapshot: list[tuple] = []
    try:
        with transaction.atomic():
            generate(seed=seed, scale="small", password="demo-password-123")
            snapshot = sorted((s.code, s.full_name, s.birth_date, s.gender, s.nationality, s.organization.name)
                              for s in Survivor.objects.select_related("organization"))
            raise _Rollback
    except _Rollback:
        pass
    return snapshot


@pytest.mark.django_db
def test_same_seed_same_people_other_seed_other_people():
    first, again, other = _generated(5), _generated(5), _generated(6)
    assert len(first) == 60
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_demo_has_a_user_for_every_role():
    ctx = generate(seed=5, scale="small", password="demo-password-123")
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert {u for u, _o, _r in DEMO_USERS} <= set(ctx.users)


def test_codes_are_never_repeated_even_when_the_draw_repeats():
    from reintegra.demo.generator import DemoContext, _unused_code

    class StuckRandom(random.Random):
        """Returns the same code twice, then moves on."""

        def __init__(self):
            super().__init__(1)
            self.calls = 0

        def choice(self, seq):
            self.calls += 1
            return seq[0] if self.calls <= 16 else super().choice(seq)

    ctx = DemoContext(rng=StuckRandom(), scale="small", today=None)
    first, second = _unused_code(ctx), _unused_code(ctx)
    assert first == "S-2222-2222" and second != first


@pytest.mark.django_db
def test_registering_survives_a_code_collision(org, case_manager, make_case, monkeypatch):
    from reintegra.people import services

    existing = make_case(org, case_manager).survivor.code
    codes = iter([existing, "S-ZZZZ-ZZZZ"])
    monkeypatch.setattr(services, "new_survivor_code", lambda: next(codes))
    second = make_case(org, case_manager, given_name="Other").survivor
    assert second.code == "S-ZZZZ-ZZZZ"


@pytest.mark.django_db
def test_demo_command_prints_every_login_including_the_employer_portal():
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    printed = out.getvalue()
    assert all(f"  {u}" in printed for u, _o, _r in DEMO_USERS)
    assert "  employer " in printed and "Fair Garments Ltd" in printed


def test_slices_follow_the_number_of_cases_asked_for():
    from reintegra.demo.generator import DemoContext, sized

    at_scale = DemoContext(rng=random.Random(1), scale="national", today=None)
    reduced = DemoContext(rng=random.Random(1), scale="national", today=None, case_count=50_000)
    assert sized(at_scale, 200_000) == 200_000
    assert sized(reduced, 200_000) == 10_000  # one case in five, as at full scale


@pytest.mark.django_db
def test_a_reduced_run_keeps_the_scale_shares_and_prints_rows_and_events():
    """`--cases 500` at medium scale: the lifecycle, pathway and referral slices are a fifth of the
    cases as in the full medium demo, about five events a survivor, and the summary counts them."""
    import io

    from django.core.management import call_command

    from reintegra.cases.models import Case, Identification
    from reintegra.demo.events import EVENT_MODELS, events, rows_per_table
    from reintegra.referrals.models import Referral
    from reintegra.skills.models import SkillsProfile

    out = io.StringIO()
    call_command("demo", no_serve=True, scale="medium", cases=500, stdout=out)
    assert Case.objects.count() == 500
    assert Identification.objects.count() == 100 and SkillsProfile.objects.count() == 100
    assert 90 <= Referral.objects.count() <= 100  # a referral to the case's own organisation is skipped
    counts = rows_per_table()
    assert 4 <= events(counts) / 500 <= 6
    printed = out.getvalue()
    assert f"Events: {events(counts):,}" in printed
    assert all(label in printed for label in EVENT_MODELS if label in counts)
    assert "cases.Case" in printed and "500" in printed
