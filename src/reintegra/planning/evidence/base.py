"""The evidence-rule registry: scope, proposal, and helpers shared by the rule modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reintegra.planning.models import AnswerChoice


@dataclass(frozen=True)
class Scope:
    """The organisations an assessment speaks for, their country, and the period."""

    organization_ids: tuple[int, ...]
    country: str
    period_start: dt.date
    period_end: dt.date
    network: bool = False


@dataclass(frozen=True)
class Proposal:
    item_id: str
    answer: str
    summary: str
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def answer_label(self) -> str:
        return str(AnswerChoice(self.answer).label)


Rule = Callable[[Scope, str], Proposal | None]
RULES: dict[str, Rule] = {}


def rule(*item_ids: str) -> Callable[[Rule], Rule]:
    """Register a rule for one or more items; it is called as rule(scope, item_id)."""

    def register(function: Rule) -> Rule:
        for item_id in item_ids:
            if item_id in RULES:
                raise ValueError(f"two evidence rules for {item_id}")
            RULES[item_id] = function
        return function

    return register


def share_answer(share: float, *, yes_at: float, partly_at: float) -> str:
    if share >= yes_at:
        return AnswerChoice.YES
    if share >= partly_at:
        return AnswerChoice.PARTLY
    return AnswerChoice.NO


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0
