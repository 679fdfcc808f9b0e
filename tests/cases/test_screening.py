"""Forced-labour screening: catalogue checks, the ICLS 2018 rule as properties, `reintegra screen`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.cases import screening

CATALOGUE = screening.load_catalogue()
INVOLUNTARY = CATALOGUE.codes_of_kind("involuntariness")
COERCIVE = CATALOGUE.codes_of_kind("coercion")
CHILD_RULES = CATALOGUE.codes_of_kind("child_rule")
ALL_CODES = list(CATALOGUE.indicators)

adult_ages = st.integers(min_value=18, max_value=screening.MAX_AGE)
child_ages = st.one_of(st.integers(min_value=0, max_value=17), st.none())
codes_from = lambda pool, min_size=0: st.lists(st.sampled_from(pool), min_size=min_size, unique=True)  # noqa: E731
any_codes = codes_from(ALL_CODES)


# --- catalogue -----------------------------------------------------------------------------------


def test_catalogue_covers_every_ilo_indicator_stage_and_child_rule():
    evidenced = {n for ind in CATALOGUE.indicators.values() for n in ind.ilo}
    assert evidenced == set(range(1, 12))
    for stage in screening.STAGES:
        kinds = {ind.kind for ind in CATALOGUE.indicators.values() if ind.stage == stage}
        assert {"involuntariness", "coercion"} <= kinds, stage
    rules = {ind.child_rule for ind in CATALOGUE.indicators.values() if ind.kind == "child_rule"}
    assert rules == set(screening.CHILD_RULES)
    questions = [ind.question for ind in CATALOGUE.indicators.values()]
    assert len(set(questions)) == len(questions)
    assert all(q.endswith("?") for q in questions)


def test_ilo_indicator_names_follow_the_guidelines_numbering():
    assert CATALOGUE.ilo_names[1] == "Abuse of vulnerability"
    assert CATALOGUE.ilo_names[7] == "Retention of identity documents"
    assert CATALOGUE.ilo_names[11] == "Excessive overtime"


def _raw_catalogue():
    return yaml.safe_load(screening.CATALOGUE_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda d: d["indicators"].append(dict(d["indicators"][0])), "duplicate indicator code"),
        (lambda d: d["indicators"][0].update(stage="somewhere"), "stage must be one of"),
        (lambda d: d["indicators"][0].update(kind="maybe"), "kind must be one of"),
        (lambda d: d["indicators"][0].update(ilo=[12]), "ILO indicator numbers"),
        (lambda d: d["indicators"][0].update(question=" "), "question is empty"),
        (lambda d: d["indicators"][0].update(child_rule="worst_forms_3a"), "only child_rule indicators"),
        (lambda d: d["ilo_indicators"].pop(11), "exactly the 11 ILO indicators"),
        (lambda d: d.update(indicators=[i for i in d["indicators"] if i["kind"] != "coercion"]), "no coercion"),
    ],
)
def test_malformed_catalogue_is_refused(breakage, message):
    data = _raw_catalogue()
    breakage(data)
    with pytest.raises(screening.CatalogueError, match=message):
        screening.parse_catalogue(data)


# --- the adult rule ------------------------------------------------------------------------------


@given(age=adult_ages, involuntary=codes_from(INVOLUNTARY, 1), coercive=codes_from(COERCIVE, 1),
       child=codes_from(CHILD_RULES))
def test_adult_with_both_kinds_is_in_forced_labour(age, involuntary, coercive, child):
    result = screening.evaluate(age, involuntary + coercive + child)
    assert result.forced_labour is True
    assert result.child is False and result.rule == "adult"
    assert set(result.involuntariness) == set(involuntary)
    assert set(result.coercion) == set(coercive)
    assert set(result.not_applicable) == set(child) and result.child_rules == []


@given(age=adult_ages, codes=codes_from(INVOLUNTARY + CHILD_RULES))
def test_adult_without_coercion_never_qualifies(age, codes):
    result = screening.evaluate(age, codes)
    assert result.forced_labour is False
    assert "rule is not met" in result.explanation


@given(age=adult_ages, codes=codes_from(COERCIVE + CHILD_RULES))
def test_adult_without_involuntariness_never_qualifies(age, codes):
    assert screening.evaluate(age, codes).forced_labour is False


@given(age=adult_ages, codes=any_codes)
def test_adult_rule_is_exactly_involuntary_and_coercive(age, codes):
    expected = bool(set(codes) & set(INVOLUNTARY)) and bool(set(codes) & set(COERCIVE))
    assert screening.evaluate(age, codes).forced_labour is expected


@given(codes=any_codes)
def test_unknown_age_without_presumption_uses_the_adult_rule(codes):
    result = screening.evaluate(None, codes, presume_minor_if_unknown=False)
    assert result.child is False and result.minority_presumed is False
    assert result.forced_labour is screening.evaluate(30, codes).forced_labour


# --- the child rule ------------------------------------------------------------------------------


@given(age=child_ages, codes=any_codes)
def test_child_rule_needs_coercion_or_a_child_situation_never_involuntariness(age, codes):
    result = screening.evaluate(age, codes)
    assert result.child is True and result.rule == "child"
    assert result.forced_labour is bool(set(codes) & set(COERCIVE + CHILD_RULES))
    assert result.not_applicable == []


@given(age=child_ages, codes=codes_from(INVOLUNTARY))
def test_involuntariness_alone_is_not_forced_labour_of_a_child(age, codes):
    assert screening.evaluate(age, codes).forced_labour is False


@given(age=child_ages, rule=st.sampled_from(CHILD_RULES))
def test_each_child_situation_alone_is_forced_labour_of_a_child(age, rule):
    result = screening.evaluate(age, [rule])
    assert result.forced_labour is True
    assert result.child_rules == [rule]


@given(age=child_ages, code=st.sampled_from(COERCIVE))
def test_third_party_coercion_alone_is_forced_labour_of_a_child(age, code):
    assert screening.evaluate(age, [code]).forced_labour is True


def test_presumption_of_minority_is_explained():
    result = screening.evaluate(None, ["CHD-4C"])
    assert result.child and result.minority_presumed
    assert "R203" in result.explanation
    assert screening.evaluate(17, []).child and not screening.evaluate(18, []).child


# --- general properties --------------------------------------------------------------------------


@given(age=st.one_of(st.none(), st.integers(0, screening.MAX_AGE)), codes=any_codes, more=any_codes)
def test_adding_indicators_never_removes_forced_labour(age, codes, more):
    if screening.evaluate(age, codes).forced_labour:
        assert screening.evaluate(age, codes + more).forced_labour


@given(age=st.one_of(st.none(), st.integers(0, screening.MAX_AGE)), codes=any_codes, data=st.data())
def test_order_case_and_repeats_do_not_matter(age, codes, data):
    shuffled = data.draw(st.permutations(codes))
    noisy = [f"  {c.lower()} " for c in shuffled] + shuffled
    assert screening.evaluate(age, noisy).as_dict() == screening.evaluate(age, codes).as_dict()


@given(age=st.one_of(st.none(), st.integers(0, screening.MAX_AGE)), codes=any_codes)
def test_ilo_indicators_are_those_evidenced_by_counted_codes(age, codes):
    result = screening.evaluate(age, codes)
    counted = result.involuntariness + result.coercion + result.child_rules
    expected = {CATALOGUE.ilo_names[n] for c in counted for n in CATALOGUE.indicators[c].ilo}
    assert set(result.ilo_indicators) == expected
    assert sorted(c for codes_ in result.stages.values() for c in codes_) == sorted(counted)


@settings(max_examples=50)
@given(bogus=st.text(min_size=1, max_size=12).filter(lambda t: t.strip().upper() not in CATALOGUE.indicators))
def test_unknown_codes_are_a_clear_error(bogus):
    with pytest.raises(screening.UnknownIndicatorError) as info:
        screening.evaluate(30, ["REC-I1", bogus])
    assert bogus.strip().upper() in info.value.codes
    assert "reintegra screen --catalogue" in str(info.value)


@pytest.mark.parametrize("age", [-1, 121, 17.5, "12", True])
def test_bad_ages_are_refused(age):
    with pytest.raises(screening.ScreeningInputError):
        screening.evaluate(age, [])


@pytest.mark.parametrize("codes", ["REC-I1", [1], None])
def test_bad_code_lists_are_refused(codes):
    with pytest.raises(screening.ScreeningInputError):
        screening.evaluate(30, codes)


@pytest.mark.parametrize(
    "request_, message",
    [
        ([], "must be an object"),
        ({"age": 3}, "missing key: indicators"),
        ({"age": 3, "indicators": [], "indicatorz": []}, "unexpected key"),
        ({"age": None, "indicators": [], "presume_minor": "yes"}, "presume_minor"),
    ],
)
def test_malformed_requests_are_refused(request_, message):
    with pytest.raises(screening.ScreeningInputError, match=message):
        screening.evaluate_request(request_)


# --- `reintegra screen` --------------------------------------------------------------------------


def _screen(*args):
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_screens_one_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"age": 25, "indicators": ["REC-I4", "LEA-C3"]}))
    result = _screen(str(path))
    assert result["forced_labour"] is True and result["child"] is False
    assert result["involuntariness"] == ["REC-I4"] and result["coercion"] == ["LEA-C3"]
    assert result["ilo_indicators"] == ["Deception", "Retention of identity documents"]
    assert "Adult rule" in result["explanation"]


def test_command_screens_a_list_in_order(tmp_path):
    path = tmp_path / "many.json"
    items = [{"age": 40, "indicators": ["WRK-I2"]}, {"age": None, "indicators": ["CHD-3"]},
             {"age": 12, "indicators": []}]
    path.write_text(json.dumps(items))
    results = _screen(str(path), "--indent", "0")
    assert [r["forced_labour"] for r in results] == [False, True, False]
    assert [r["child"] for r in results] == [False, True, True]


def test_command_prints_the_catalogue():
    catalogue = _screen("--catalogue")
    codes = [ind["code"] for ind in catalogue["indicators"]]
    assert codes == ALL_CODES
    assert len(catalogue["ilo_indicators"]) == 11
    assert "ICLS" in catalogue["source"]


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"age": 30, "indicators": ["NOPE-1"]}', "Unknown screening indicator code"),
        ('[{"age": 30, "indicators": []}, {"age": 30, "indicators": ["x9"]}]', "item 1: Unknown"),
        ('{"age": 30, "indicators": [', "not valid JSON"),
        ('{"age": -4, "indicators": []}', "between 0 and"),
        ('"just text"', "must be an object"),
    ],
)
def test_command_errors_are_clear(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        _screen(str(path))


def test_command_needs_exactly_one_of_file_or_catalogue(tmp_path):
    with pytest.raises(CommandError, match="either"):
        _screen()
    with pytest.raises(CommandError, match="cannot read"):
        _screen(str(tmp_path / "missing.json"))


def test_reintegra_screen_exits_non_zero_on_unknown_codes(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text('{"age": null, "indicators": ["chd-4a"]}')
    bad.write_text('{"age": 30, "indicators": ["REC-I1", "ZZZ"]}')
    env = {**os.environ, "REINTEGRA_HOME": str(tmp_path / "home"), "REINTEGRA_DEBUG": "1"}
    src = str(Path(screening.__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    run = lambda path: subprocess.run(  # noqa: E731
        [sys.executable, "-c", "import sys; from reintegra.cli import main; sys.exit(main())", "screen", str(path)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["forced_labour"] is True
    failed = run(bad)
    assert failed.returncode != 0
    assert "ZZZ" in failed.stderr and failed.stdout == ""
