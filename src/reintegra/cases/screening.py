"""Forced-labour screening: the statistical rule of the 20th ICLS (2018) guidelines.

Pure functions, no database. The indicator catalogue is data
(``data/screening_indicators.yaml``); this module loads it, checks it, and applies the rule:

* **Adult** (18 or over): forced labour when the work was *involuntary* AND imposed under
  *coercion* (threat or menace of penalty). The two may be found at different stages
  (recruitment, work and life, leaving); one kind alone never qualifies.
* **Child** (under 18, or age unknown and minority presumed, R203 §10c): the involuntariness
  test does not apply. Forced labour of a child when a third party (not the child's own
  parents) coerces the child or the parents, when the child works with or for a parent who is
  in forced labour, or when the work is one of the worst forms of child labour in ILO C182
  Art. 3(a)-(c). Coercion indicators of the general catalogue describe pressure from an
  employer, recruiter or other third party, so for a child they count as third-party coercion.

``age`` is the age while the work took place, not the age today.
Screening informs the case manager; it never decides whether someone may receive help.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "screening_indicators.yaml"

ADULT_AGE = 18
MAX_AGE = 120
STAGES = ("recruitment", "work_and_life", "leaving")
KINDS = ("involuntariness", "coercion", "child_rule")
CHILD_RULES = (
    "third_party_coercion",
    "parent_in_forced_labour",
    "worst_forms_3a",
    "worst_forms_3b",
    "worst_forms_3c",
)
ILO_NUMBERS = range(1, 12)


def _(message: str) -> str:
    """Translate when Django is configured; stay usable as a plain library otherwise."""
    from django.conf import settings
    from django.utils.translation import gettext

    return gettext(message) if settings.configured else message


def gettext_noop(message: str) -> str:
    """Mark a module constant for translation (picked up by makemessages); translated when used."""
    return message


class ScreeningError(ValueError):
    """Base class for every screening error; the message is meant for the user."""


class CatalogueError(ScreeningError):
    """The catalogue file is malformed."""


class UnknownIndicatorError(ScreeningError):
    def __init__(self, codes: Iterable[str], *, item: int | None = None) -> None:
        self.codes = sorted(set(codes))
        self.item = item
        message = _(
            "Unknown screening indicator code(s): %(codes)s. "
            "Run `reintegra screen --catalogue` to list the codes."
        ) % {"codes": ", ".join(self.codes)}
        if item is not None:
            message = _("item %(index)d: %(error)s") % {"index": item, "error": message}
        super().__init__(message)


class ScreeningInputError(ScreeningError):
    """A screening request is not shaped as expected (age, indicators)."""


@dataclass(frozen=True)
class Indicator:
    code: str
    stage: str
    kind: str
    ilo: tuple[int, ...]
    question: str
    child_rule: str | None = None

    def as_dict(self, ilo_names: Mapping[int, str]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "stage": self.stage,
            "kind": self.kind,
            "ilo_indicators": [{"number": n, "name": ilo_names[n]} for n in self.ilo],
            "question": self.question,
        }
        if self.child_rule:
            data["child_rule"] = self.child_rule
        return data


@dataclass(frozen=True)
class Catalogue:
    version: str
    source: str
    stages: dict[str, str]
    kinds: dict[str, str]
    ilo_names: dict[int, str]
    indicators: dict[str, Indicator]

    def codes_of_kind(self, kind: str) -> list[str]:
        return [code for code, ind in self.indicators.items() if ind.kind == kind]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "source": self.source,
            "stages": self.stages,
            "kinds": self.kinds,
            "ilo_indicators": [{"number": n, "name": name} for n, name in sorted(self.ilo_names.items())],
            "indicators": [ind.as_dict(self.ilo_names) for ind in self.indicators.values()],
        }


def _parse_indicator(raw: Any, ilo_names: Mapping[int, str]) -> Indicator:
    if not isinstance(raw, dict):
        raise CatalogueError(f"indicator entry must be a mapping, got {raw!r}")
    code = str(raw.get("code", "")).strip()
    where = f"indicator {code or '?'}"
    if not code:
        raise CatalogueError("an indicator has no code")
    stage, kind = raw.get("stage"), raw.get("kind")
    if stage not in STAGES:
        raise CatalogueError(f"{where}: stage must be one of {STAGES}, got {stage!r}")
    if kind not in KINDS:
        raise CatalogueError(f"{where}: kind must be one of {KINDS}, got {kind!r}")
    child_rule = raw.get("child_rule")
    if kind == "child_rule" and child_rule not in CHILD_RULES:
        raise CatalogueError(f"{where}: child_rule must be one of {CHILD_RULES}, got {child_rule!r}")
    if kind != "child_rule" and child_rule is not None:
        raise CatalogueError(f"{where}: only child_rule indicators may name a child_rule")
    ilo = raw.get("ilo") or []
    if not isinstance(ilo, list) or any(n not in ilo_names for n in ilo):
        raise CatalogueError(f"{where}: ilo must list ILO indicator numbers 1-11, got {ilo!r}")
    question = " ".join(str(raw.get("question", "")).split())
    if not question:
        raise CatalogueError(f"{where}: question is empty")
    return Indicator(code=code, stage=stage, kind=kind, ilo=tuple(ilo), question=question,
                     child_rule=child_rule)


def parse_catalogue(data: Any) -> Catalogue:
    """Build and check a catalogue from already-parsed YAML/JSON data."""
    if not isinstance(data, dict):
        raise CatalogueError("the catalogue must be a mapping")
    ilo_names = {int(k): str(v) for k, v in (data.get("ilo_indicators") or {}).items()}
    if set(ilo_names) != set(ILO_NUMBERS):
        raise CatalogueError("ilo_indicators must name exactly the 11 ILO indicators, numbered 1-11")
    indicators: dict[str, Indicator] = {}
    for raw in data.get("indicators") or []:
        indicator = _parse_indicator(raw, ilo_names)
        if indicator.code in indicators:
            raise CatalogueError(f"duplicate indicator code {indicator.code}")
        indicators[indicator.code] = indicator
    for kind in KINDS:
        if not any(ind.kind == kind for ind in indicators.values()):
            raise CatalogueError(f"the catalogue has no {kind} indicator")
    return Catalogue(
        version=str(data.get("version", "")),
        source=" ".join(str(data.get("source", "")).split()),
        stages={k: str(v) for k, v in (data.get("stages") or {}).items()},
        kinds={k: " ".join(str(v).split()) for k, v in (data.get("kinds") or {}).items()},
        ilo_names=ilo_names,
        indicators=indicators,
    )


@lru_cache(maxsize=4)
def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and check the indicator catalogue (the packaged one by default). Cached."""
    with open(path or CATALOGUE_PATH, encoding="utf-8") as handle:
        return parse_catalogue(yaml.safe_load(handle))


@dataclass(frozen=True)
class ScreeningResult:
    forced_labour: bool
    child: bool
    age: int | None
    minority_presumed: bool
    rule: str
    involuntariness: list[str]
    coercion: list[str]
    child_rules: list[str]
    not_applicable: list[str]
    ilo_indicators: list[str]
    stages: dict[str, list[str]]
    explanation: str
    catalogue_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "forced_labour": self.forced_labour,
            "child": self.child,
            "age": self.age,
            "minority_presumed": self.minority_presumed,
            "rule": self.rule,
            "involuntariness": self.involuntariness,
            "coercion": self.coercion,
            "child_rules": self.child_rules,
            "not_applicable": self.not_applicable,
            "ilo_indicators": self.ilo_indicators,
            "stages": self.stages,
            "explanation": self.explanation,
            "catalogue_version": self.catalogue_version,
        }


def _check_age(age: Any) -> int | None:
    if age is None:
        return None
    if isinstance(age, bool) or not isinstance(age, int):
        raise ScreeningInputError(
            _("age must be a whole number of years or null, got %(age)r") % {"age": age})
    if not 0 <= age <= MAX_AGE:
        raise ScreeningInputError(
            _("age must be between 0 and %(max)d, got %(age)d") % {"max": MAX_AGE, "age": age})
    return age


def _normalise_codes(codes: Any, catalogue: Catalogue) -> list[str]:
    if isinstance(codes, str) or not isinstance(codes, Iterable):
        raise ScreeningInputError(_("indicators must be a list of indicator codes"))
    wanted: set[str] = set()
    for code in codes:
        if not isinstance(code, str):
            raise ScreeningInputError(_("indicator codes must be text, got %(code)r") % {"code": code})
        wanted.add(code.strip().upper())
    unknown = wanted - set(catalogue.indicators)
    if unknown:
        raise UnknownIndicatorError(unknown)
    # Catalogue order, so results are stable whatever order the codes came in.
    return [code for code in catalogue.indicators if code in wanted]


def _list(codes: list[str]) -> str:
    return ", ".join(codes) if codes else _("none")


CHILD_RULE_TEXT = gettext_noop(
    "Child rule (20th ICLS, 2018): whether the child agreed does not matter. The work of a child is "
    "forced labour when someone other than the parents coerces the child or the parents, when the "
    "child works with or for a parent in forced labour, or when it is a worst form of child labour "
    "(C182 Art. 3(a)-(c))."
)
ADULT_RULE_TEXT = gettext_noop(
    "Adult rule (20th ICLS, 2018): work is forced labour when it is both involuntary and imposed "
    "through coercion (threat or menace of penalty), at recruitment, during work or to prevent "
    "leaving. One kind alone is not enough."
)
PRESUMED_MINOR_TEXT = gettext_noop(
    "Age is unknown, so the person is presumed to be a child (R203 §10c) and the child rule applies."
)
INFORMS_TEXT = gettext_noop("Screening informs the case manager; it never decides access to help.")


def _explain_child(*, minority_presumed: bool, forced_labour: bool, involuntary: list[str],
                   coercive: list[str], child_rules: list[str]) -> list[str]:
    parts = [_(PRESUMED_MINOR_TEXT)] if minority_presumed else []
    parts.append(_(CHILD_RULE_TEXT))
    parts.append(_("Coercion found: %(c)s. Child-specific situations found: %(r)s.")
                 % {"c": _list(coercive), "r": _list(child_rules)})
    if involuntary:
        parts.append(_("Involuntariness indicators (%(i)s) are recorded but are not needed for a child.")
                     % {"i": _list(involuntary)})
    if forced_labour:
        parts.append(_("Result: the child rule is met, so this is forced labour of a child."))
    else:
        parts.append(_("Result: no coercion and no child-specific situation was found, "
                       "so the rule is not met."))
    return parts


def _explain_adult(*, forced_labour: bool, involuntary: list[str], coercive: list[str],
                   not_applicable: list[str]) -> list[str]:
    parts = [_(ADULT_RULE_TEXT)]
    parts.append(_("Involuntariness found: %(i)s. Coercion found: %(c)s.")
                 % {"i": _list(involuntary), "c": _list(coercive)})
    if forced_labour:
        parts.append(_("Result: both are present, so the rule is met."))
    elif involuntary:
        parts.append(_("Result: the work looks involuntary but no coercion was found, "
                       "so the rule is not met."))
    elif coercive:
        parts.append(_("Result: coercion was found but nothing shows the work was involuntary, "
                       "so the rule is not met."))
    else:
        parts.append(_("Result: no indicator was found, so the rule is not met."))
    if not_applicable:
        parts.append(_("Child-specific indicators (%(n)s) do not apply to an adult and were not counted.")
                     % {"n": _list(not_applicable)})
    return parts


def evaluate(age: int | None, codes: Iterable[str], *, presume_minor_if_unknown: bool = True,
             catalogue: Catalogue | None = None) -> ScreeningResult:
    """Apply the ICLS 2018 rule to the indicators observed for one person.

    ``age`` is the age during the exploitation (``None`` if unknown). Raises
    :class:`UnknownIndicatorError` for codes not in the catalogue and
    :class:`ScreeningInputError` for a malformed age or code list.
    """
    catalogue = catalogue or load_catalogue()
    age = _check_age(age)
    found = _normalise_codes(codes, catalogue)
    minority_presumed = age is None and presume_minor_if_unknown
    child = minority_presumed or (age is not None and age < ADULT_AGE)

    by_kind = {kind: [c for c in found if catalogue.indicators[c].kind == kind] for kind in KINDS}
    involuntary, coercive = by_kind["involuntariness"], by_kind["coercion"]
    child_rules = by_kind["child_rule"]
    if child:
        forced_labour = bool(coercive or child_rules)
        not_applicable: list[str] = []
        counted = found
    else:
        forced_labour = bool(involuntary and coercive)
        not_applicable = child_rules
        child_rules = []
        counted = involuntary + coercive

    if child:
        parts = _explain_child(minority_presumed=minority_presumed, forced_labour=forced_labour,
                               involuntary=involuntary, coercive=coercive, child_rules=child_rules)
    else:
        parts = _explain_adult(forced_labour=forced_labour, involuntary=involuntary, coercive=coercive,
                               not_applicable=not_applicable)
    numbers = sorted({n for code in counted for n in catalogue.indicators[code].ilo})
    stages = {stage: [c for c in counted if catalogue.indicators[c].stage == stage] for stage in STAGES}
    return ScreeningResult(
        forced_labour=forced_labour,
        child=child,
        age=age,
        minority_presumed=minority_presumed,
        rule="child" if child else "adult",
        involuntariness=involuntary,
        coercion=coercive,
        child_rules=child_rules,
        not_applicable=not_applicable,
        ilo_indicators=[catalogue.ilo_names[n] for n in numbers],
        stages=stages,
        explanation=" ".join([*parts, _(INFORMS_TEXT)]),
        catalogue_version=catalogue.version,
    )


def evaluate_request(request: Any, *, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Screen one JSON-like request ``{"age": int|null, "indicators": [codes]}``.

    An optional ``"presume_minor"`` (default true) says whether an unknown age is treated as a
    child's. Other keys are refused so that typos do not pass silently.
    """
    if not isinstance(request, dict):
        raise ScreeningInputError(_("each screening request must be an object with 'age' and 'indicators'"))
    allowed = {"age", "indicators", "presume_minor"}
    extra = sorted(set(request) - allowed)
    if extra:
        raise ScreeningInputError(_("unexpected key(s): %(keys)s") % {"keys": ", ".join(extra)})
    if "indicators" not in request:
        raise ScreeningInputError(_("missing key: indicators"))
    presume = request.get("presume_minor", True)
    if not isinstance(presume, bool):
        raise ScreeningInputError(_("presume_minor must be true or false"))
    result = evaluate(request.get("age"), request["indicators"], presume_minor_if_unknown=presume,
                      catalogue=catalogue)
    return result.as_dict()


def evaluate_many(
    payload: Any, *, catalogue: Catalogue | None = None
) -> dict[str, Any] | list[dict[str, Any]]:
    """Screen a single request object or a list of them; errors name the failing item."""
    if isinstance(payload, list):
        results = []
        for index, item in enumerate(payload):
            try:
                results.append(evaluate_request(item, catalogue=catalogue))
            except UnknownIndicatorError as exc:
                raise UnknownIndicatorError(exc.codes, item=index) from exc
            except ScreeningError as exc:
                raise type(exc)(_("item %(index)d: %(error)s") % {"index": index, "error": exc}) from exc
        return results
    return evaluate_request(payload, catalogue=catalogue)
