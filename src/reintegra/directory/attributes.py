"""Reintegra's own HSDS attributes (target groups, supports, practices) and service types.

Each attribute code has a bit in `Service.flags` / `Provider.flags`, so that filtering and matching
over many services is a cheap integer operation; on export the bits become HSDS `attribute` rows
linked to taxonomy terms with fixed UUIDs (data/attributes.yaml).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache

from reintegra.core.reference import load_yaml, organization_types

SERVICE_TYPE_NAMESPACE = uuid.UUID("6f1c3d52-6a0e-4a53-9d0b-2d5d7e0b9a02")


@dataclass(frozen=True)
class Term:
    code: str
    id: str
    label: str
    group: str
    bit: int | None  # None for service types, which are a column of their own


@cache
def _document() -> dict:
    return load_yaml("reintegra.directory", "attributes.yaml")


def taxonomy() -> dict:
    return dict(_document()["taxonomy"])


@cache
def terms() -> tuple[Term, ...]:
    result: list[Term] = []
    bit = 0
    for group, spec in _document()["groups"].items():
        if spec.get("terms_from") == "organization_types":
            for t in organization_types():
                term_id = str(uuid.uuid5(SERVICE_TYPE_NAMESPACE, t["code"]))
                result.append(Term(t["code"], term_id, t["label"], group, None))
            continue
        for t in spec["terms"]:
            result.append(Term(t["code"], t["id"], t["label"], group, bit))
            bit += 1
    return tuple(result)


def group_label(group: str) -> str:
    return _document()["groups"][group]["label"]


@cache
def by_code() -> dict[str, Term]:
    return {t.code: t for t in terms()}


@cache
def by_id() -> dict[str, Term]:
    return {t.id: t for t in terms()}


def codes_in(group: str) -> list[str]:
    return [t.code for t in terms() if t.group == group]


def choices(group: str) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in terms() if t.group == group]


def mask(codes: list[str] | tuple[str, ...] | set[str]) -> int:
    value = 0
    for code in codes:
        term = by_code().get(code)
        if term is None or term.bit is None:
            raise KeyError(code)
        value |= 1 << term.bit
    return value


def codes_from_mask(value: int, group: str | None = None) -> list[str]:
    return [t.code for t in terms() if t.bit is not None and value >> t.bit & 1 and (group is None or t.group == group)]
