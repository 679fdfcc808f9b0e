import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent, Role
from reintegra.planning import nap_selectors, nap_services, services
from reintegra.planning.models import Pillar


def build_plan(plan, coordinator, partners):
    """One objective per P, one output each, activities in every tracking state."""
    nap_services.principle_add(actor=coordinator, plan=plan, template_code="human_rights")
    objectives = {}
    for pillar in Pillar:
        objectives[pillar.value] = nap_services.objective_add(
            actor=coordinator, plan=plan, pillar=pillar.value, title=f"{pillar.label} objective",
            legal_refs=["P029-2(a)"] if pillar == Pillar.PREVENTION else ["R203-9(f)", "P029-3"])
    outputs = {p: nap_services.output_add(actor=coordinator, objective=o, title=f"Output {p}")
               for p, o in objectives.items()}
    today = dt.date(2027, 6, 1)
    late = nap_services.activity_add(actor=coordinator, output=outputs["prevention"], title="Late",
                                     partners=partners, budget=Decimal("1000"), currency="npr",
                                     start_on=dt.date(2026, 1, 1), end_on=dt.date(2026, 12, 31))
    on_track = nap_services.activity_add(actor=coordinator, output=outputs["prevention"], title="Ongoing",
                                         partners=partners[:1], budget=Decimal("500"), currency="NPR",
                                         end_on=dt.date(2028, 1, 1))
    done = nap_services.activity_add(actor=coordinator, output=outputs["protection"], title="Done",
                                     end_on=dt.date(2026, 6, 1))
    nap_services.activity_update_progress(actor=coordinator, activity=done, status="done", progress_note="Held")
    return objectives, {"late": late, "on_track": on_track, "done": done}, today


def test_plan_with_theory_of_change_and_dashboard(plan, coordinator, make_org):
    partners = [make_org(name="Labour Ministry"), make_org(name="Workers' Union")]
    objectives, activities, today = build_plan(plan, coordinator, partners)
    assert activities["late"].currency == "NPR"
    tree = nap_selectors.theory_of_change(plan)
    assert [node["pillar"].value for node in tree] == ["prevention", "protection", "prosecution", "partnerships"]
    assert [r["id"] for r in tree[1]["objectives"][0]["refs"]] == ["R203-9(f)", "P029-3"]
    board = nap_selectors.dashboard(plan, today=today)
    assert board["by_pillar"]["prevention"] == {"on_track": 1, "late": 1, "done": 0, "cancelled": 0}
    assert board["by_pillar"]["protection"]["done"] == 1
    assert board["totals"] == {"on_track": 1, "late": 1, "done": 1, "cancelled": 0}
    ministry = board["partners"][0]
    assert (ministry["organization"].name, ministry["activities"], ministry["late"], ministry["budget"]) == (
        "Labour Ministry", 2, 1, Decimal("1500"))
    assert board["budget_by_pillar"]["prevention"] == Decimal("1500")
    assert plan.principles.get().template_code == "human_rights"


def test_indicator_progress_from_baseline_to_target(plan, coordinator):
    indicator = nap_services.indicator_add(actor=coordinator, plan=plan, name="Survivors in decent work",
                                           unit="people", baseline_value=Decimal("100"), baseline_year=2025,
                                           target_value=Decimal("300"), target_year=2030)
    assert indicator.progress() is None
    nap_services.indicator_value_record(actor=coordinator, indicator=indicator, measured_on=dt.date(2026, 12, 31),
                                        value=Decimal("150"))
    assert indicator.progress() == 0.25
    nap_services.indicator_value_record(actor=coordinator, indicator=indicator, measured_on=dt.date(2026, 12, 31),
                                        value=Decimal("200"), note="corrected")
    assert indicator.values.count() == 1 and indicator.progress() == 0.5
    nap_services.indicator_value_record(actor=coordinator, indicator=indicator, measured_on=dt.date(2027, 12, 31),
                                        value=Decimal("400"))
    assert indicator.progress() == 1.0


def test_unknown_legal_reference_and_pillar_are_refused(plan, coordinator):
    with pytest.raises(ValidationError) as error:
        nap_services.objective_add(actor=coordinator, plan=plan, pillar="prevention", title="x",
                                   legal_refs=["P029-7", "R203-4(a)"])
    assert "P029-7" in str(error.value)
    with pytest.raises(ValidationError):
        nap_services.objective_add(actor=coordinator, plan=plan, pillar="promotion", title="x")
    assert not plan.objectives.exists()


def test_plan_validation(coordinator, secretariat):
    with pytest.raises(ValidationError) as error:
        nap_services.plan_create(actor=coordinator, organization=secretariat, title="", country="Nepal",
                                 period_start=dt.date(2026, 1, 1), period_end=dt.date(2025, 1, 1),
                                 long_term_goal="", goal_year=2020)
    assert set(error.value.message_dict) == {"title", "country", "period_end", "long_term_goal", "goal_year"}


def test_only_coordinators_of_the_plan_change_it(plan, make_member, secretariat, make_org):
    me_officer = make_member(secretariat, Role.ME_OFFICER)
    outsider = make_member(make_org(), Role.NETWORK_COORDINATOR)
    for actor in (me_officer, outsider):
        with pytest.raises(PermissionDenied):
            nap_services.objective_add(actor=actor, plan=plan, pillar="prevention", title="x")
    assert nap_selectors.plan_get(user=me_officer, plan_id=plan.pk) == plan
    assert not nap_selectors.plans_visible_to(user=outsider).exists()


def test_partner_organisation_sees_the_plan(plan, coordinator, make_org, make_member):
    partner = make_org(name="Partner NGO")
    supervisor = make_member(partner, Role.SUPERVISOR)
    assert not nap_selectors.plans_visible_to(user=supervisor).exists()
    objective = nap_services.objective_add(actor=coordinator, plan=plan, pillar="protection", title="Shelter")
    output = nap_services.output_add(actor=coordinator, objective=objective, title="Beds")
    nap_services.activity_add(actor=coordinator, output=output, title="Open shelter", partners=[partner])
    assert list(nap_selectors.plans_visible_to(user=supervisor)) == [plan]


def test_action_point_attached_to_activity(plan, coordinator, secretariat):
    assessment = services.assessment_create(actor=coordinator, organization=secretariat, period_label="2026",
                                            period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    action_point = services.action_points_generate(actor=coordinator, assessment=assessment)[0]
    objective = nap_services.objective_add(actor=coordinator, plan=plan, pillar="partnerships", title="Network")
    output = nap_services.output_add(actor=coordinator, objective=objective, title="Referral mechanism")
    activity = nap_services.activity_add(actor=coordinator, output=output, title="Map providers")
    nap_services.activity_attach_action_point(actor=coordinator, activity=activity, action_point=action_point)
    assert list(action_point.nap_activities.all()) == [activity]
    assert AuditEvent.objects.filter(object_type="planning.activity", detail__attached_action_point=action_point.pk
                                     ).exists()


def test_action_point_of_another_organisation_cannot_be_attached(plan, coordinator, assessment, supervisor):
    action_point = services.action_points_generate(actor=supervisor, assessment=assessment)[0]
    objective = nap_services.objective_add(actor=coordinator, plan=plan, pillar="partnerships", title="Network")
    output = nap_services.output_add(actor=coordinator, objective=objective, title="Referral mechanism")
    activity = nap_services.activity_add(actor=coordinator, output=output, title="Map providers")
    with pytest.raises(ValidationError):
        nap_services.activity_attach_action_point(actor=coordinator, activity=activity, action_point=action_point)


def test_activity_dates_and_budget_are_checked(plan, coordinator):
    objective = nap_services.objective_add(actor=coordinator, plan=plan, pillar="prosecution", title="Courts")
    output = nap_services.output_add(actor=coordinator, objective=objective, title="Training")
    with pytest.raises(ValidationError) as error:
        nap_services.activity_add(actor=coordinator, output=output, title="Train judges", budget=Decimal("-1"),
                                  start_on=dt.date(2027, 1, 1), end_on=dt.date(2026, 1, 1))
    assert set(error.value.message_dict) == {"budget", "currency", "end_on"}
