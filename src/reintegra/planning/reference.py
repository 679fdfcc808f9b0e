"""Reference data of the planning app: the ILO checklists and the NAP reference texts.

Pure Python (no database): the YAML files under ``data/`` are read once and cached. Item ids follow
the guidelines' numbering, e.g. ``"3b.2.12"`` is item 12 of checklist section 3b.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ChecklistItem:
    section: str
    number: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.section}.{self.number}"


@dataclass(frozen=True)
class ChecklistSection:
    code: str
    module: str
    module_title: str
    title: str
    items: tuple[ChecklistItem, ...]


def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def checklist_document() -> dict[str, Any]:
    return _load("checklists.yaml")


@cache
def checklist_sections() -> tuple[ChecklistSection, ...]:
    document = checklist_document()
    modules = document["modules"]
    sections = []
    for raw in document["sections"]:
        code = str(raw["code"])
        items = tuple(ChecklistItem(code, int(item["number"]), str(item["text"])) for item in raw["items"])
        module = str(raw["module"])
        sections.append(ChecklistSection(code, module, modules[module], str(raw["title"]), items))
    return tuple(sections)


@cache
def checklist_items() -> dict[str, ChecklistItem]:
    """Every checklist item keyed by its id, in guideline order."""
    return {item.id: item for section in checklist_sections() for item in section.items}


def section_by_code(code: str) -> ChecklistSection | None:
    return next((section for section in checklist_sections() if section.code == code), None)


@cache
def nap_reference() -> dict[str, Any]:
    return _load("nap_reference.yaml")


@cache
def legal_references() -> dict[str, dict[str, str]]:
    """P029 articles and R203 paragraphs keyed by id (``"P029-2(d)"``, ``"R203-11(a)"``)."""
    document = nap_reference()
    refs: dict[str, dict[str, str]] = {}
    for instrument in document["instruments"]:
        for entry in instrument["provisions"]:
            refs[entry["id"]] = {
                "id": entry["id"],
                "instrument": instrument["code"],
                "label": entry["label"],
                "summary": entry["summary"],
                "pillar": entry.get("pillar", ""),
            }
    return refs


def pillars() -> list[dict[str, str]]:
    return list(nap_reference()["pillars"])


def guiding_principle_templates() -> list[dict[str, str]]:
    return list(nap_reference()["guiding_principles"])
