"""Provider capacity assessment (3b.2): the items, and scores per area with gaps as action points."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from reintegra.core.reference import load_yaml
from reintegra.directory.models import CapacityAssessment

GAP_AT_OR_BELOW = 1  # 0 = not in place, 1 = partly: both are gaps to act on


@cache
def areas() -> list[dict[str, Any]]:
    return list(load_yaml("reintegra.directory", "capacity_items.yaml")["areas"])


@cache
def item_codes() -> list[str]:
    return [item["code"] for area in areas() for item in area["items"]]


@cache
def item_text() -> dict[str, str]:
    return {item["code"]: item["text"] for area in areas() for item in area["items"]}


@dataclass(frozen=True)
class AreaScore:
    code: str
    label: str
    percent: int | None  # of the maximum, over answered items
    answered: int
    total: int


@dataclass(frozen=True)
class Gap:
    item_code: str
    text: str
    score: int
    action_point: str


def summarise(assessment: CapacityAssessment) -> tuple[list[AreaScore], list[Gap]]:
    answers = {a.item_code: a for a in assessment.answers.all()}
    scores: list[AreaScore] = []
    gaps: list[Gap] = []
    for area in areas():
        values: list[int] = [score for i in area["items"] if i["code"] in answers
                             and (score := answers[i["code"]].score) is not None]
        percent = round(100 * sum(values) / (3 * len(values))) if values else None
        scores.append(AreaScore(area["code"], area["label"], percent, len(values), len(area["items"])))
        for item in area["items"]:
            answer = answers.get(item["code"])
            if answer is not None and answer.score is not None and answer.score <= GAP_AT_OR_BELOW:
                gaps.append(Gap(item["code"], item["text"], answer.score,
                                answer.action_point or _("Strengthen: %(item)s") % {"item": item["text"]}))
    return scores, gaps
