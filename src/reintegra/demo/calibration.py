"""Calibration shares for synthetic data (see data/calibration.yaml for sources)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from reintegra.core.reference import load_yaml


@cache
def calibration() -> dict[str, Any]:
    return dict(load_yaml("reintegra.demo", "calibration.yaml"))


def weighted_choice(rng: random.Random, shares: dict[str, float]) -> str:
    keys = list(shares)
    return rng.choices(keys, weights=[shares[k] for k in keys], k=1)[0]


@dataclass(frozen=True)
class Profile:
    """The non-identifying facts of one synthetic survivor."""

    sex: str  # "female" | "male"
    age: int
    form_of_exploitation: str
    sector: str  # ISIC Rev.4 section letter, or "begging"
    nationality: str


NATIONALITIES = {"NP": 0.2, "BD": 0.15, "PH": 0.15, "ET": 0.1, "MM": 0.1, "UZ": 0.1, "BR": 0.1, "IN": 0.1}


def draw_profile(rng: random.Random) -> Profile:
    cal = calibration()
    sex = weighted_choice(rng, cal["sex"])
    child = rng.random() < cal["child_share"]
    age = rng.randint(10, 17) if child else min(70, int(rng.gauss(31, 9)) if rng.random() < 0.97 else 18)
    age = max(age, 18) if not child else age
    form = weighted_choice(rng, cal["form_of_exploitation"])
    if form == "trafficking_sexual":
        sector = "S"
    else:
        sector = weighted_choice(rng, {k: v["share"] for k, v in cal["sector"].items()})
    return Profile(sex=sex, age=age, form_of_exploitation=form, sector=sector,
                   nationality=weighted_choice(rng, NATIONALITIES))
