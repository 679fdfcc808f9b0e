"""Settings and reference data of the case lifecycle, with defaults that a deployment can override.

Settings (all optional, in Django settings):

* ``REINTEGRA_REFLECTION_DAYS``: ``{"default": 30, "<ISO country>": days}``. Length of the
  recovery and reflection period (R203 §11a) per jurisdiction; 30 days is the minimum of the
  Council of Europe Convention, Art. 13.
* ``REINTEGRA_REFLECTION_ALERT_DAYS``: days before the end of the period when an alert is raised
  (default 7).
* ``REINTEGRA_FOLLOWUP_DAYS``: ``{phase: days between contacts}``. Defaults follow case study 1
  of the guidelines (Different & Equal): weekly in crisis and stabilisation, monthly during
  social inclusion, yearly after exit.
* ``REINTEGRA_POST_EXIT_YEARS``: how long follow-up continues after exit (default 5).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

DATA = Path(__file__).resolve().parent / "data"

DEFAULT_REFLECTION_DAYS = {"default": 30}
DEFAULT_FOLLOWUP_DAYS = {"crisis": 7, "stabilisation": 7, "inclusion": 30, "post_exit": 365}


def reflection_days(country: str = "") -> int:
    table = {**DEFAULT_REFLECTION_DAYS, **getattr(settings, "REINTEGRA_REFLECTION_DAYS", {})}
    return int(table.get((country or "").upper(), table["default"]))


def reflection_alert_days() -> int:
    return int(getattr(settings, "REINTEGRA_REFLECTION_ALERT_DAYS", 7))


def followup_days(phase: str) -> int:
    table = {**DEFAULT_FOLLOWUP_DAYS, **getattr(settings, "REINTEGRA_FOLLOWUP_DAYS", {})}
    return int(table[phase])


def post_exit_years() -> int:
    return int(getattr(settings, "REINTEGRA_POST_EXIT_YEARS", 5))


@cache
def needs_reference() -> dict[str, Any]:
    with open(DATA / "needs_assessment.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def needs_dimensions() -> list[dict[str, str]]:
    return needs_reference()["dimensions"]


def needs_levels() -> dict[str, str]:
    return needs_reference()["levels"]


def needs_checklist() -> list[dict[str, Any]]:
    return needs_reference()["checklist"]


@cache
def isic_rows() -> list[dict[str, str]]:
    with open(DATA / "isic_rev4_divisions.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def isic_section_choices() -> list[tuple[str, str]]:
    return [(r["section"], f'{r["section"]} — {r["description"]}') for r in isic_rows() if not r["division"]]


def isic_division_choices() -> list[tuple[str, str]]:
    return [(r["division"], f'{r["division"]} — {r["description"]}') for r in isic_rows() if r["division"]]


def isic_section_of(division: str) -> str:
    return next((r["section"] for r in isic_rows() if r["division"] == division), "")
