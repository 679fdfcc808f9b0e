"""The checklist data must match section 4 of the ILO guidelines: same sections, same item counts.

The guidelines text lives outside the package (``../shared/guidance`` next to the repository, or the
folder named by ``REINTEGRA_GUIDANCE_DIR``). The parser reads only section 4 ("Synthesis and
conclusions"), where the checklists of sections 3a to 3h are printed together.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reintegra.planning import reference

GUIDELINES_FILE = "004_91fb6183879d39e6.txt"
HEADER = re.compile(r"^Checklist section (3[a-h](?:\.\d)?)\.?\s+(.+?)\s+YES\s+NO\s*$")
NUMBERED = re.compile(r"^(\d+)\.\s+(\S.*)$")


def guidance_dir() -> Path:
    configured = os.environ.get("REINTEGRA_GUIDANCE_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "guidance"


def parse_section_four(text: str) -> dict[str, dict]:
    """Return {code: {"title": str, "items": {number: text}}} for the checklists of section 4.

    An unnumbered non-empty line directly after an item is treated as that item's continuation,
    so an item wrapped over several lines still counts once.
    """
    lines = text.splitlines()
    # The table of contents also lists the heading; the section itself is the last occurrence.
    start = max(i for i, line in enumerate(lines) if re.match(r"^4\.\s+Synthesis and conclusions\s*$", line))
    end = next(i for i, line in enumerate(lines) if i > start and re.match(r"^5\.\s+References", line))
    sections: dict[str, dict] = {}
    current = None
    last_number = None
    for line in lines[start:end]:
        header = HEADER.match(line)
        if header:
            current = sections.setdefault(header.group(1), {"title": header.group(2), "items": {}})
            last_number = None
            continue
        if current is None:
            continue
        if not line.strip():
            if current["items"]:
                last_number = None
            continue
        numbered = NUMBERED.match(line)
        if numbered:
            last_number = int(numbered.group(1))
            current["items"][last_number] = numbered.group(2).strip()
        elif last_number is not None:
            current["items"][last_number] += " " + line.strip()
        elif current["items"]:
            current = None  # prose after a checklist ends it
    return sections


@pytest.fixture(scope="module")
def source_sections() -> dict[str, dict]:
    path = guidance_dir() / GUIDELINES_FILE
    if not path.exists():
        pytest.skip(f"ILO guidelines text not found at {path}; set REINTEGRA_GUIDANCE_DIR")
    return parse_section_four(path.read_text(encoding="utf-8"))


def test_parser_reads_all_sixteen_checklists(source_sections):
    assert len(source_sections) == 16


def test_same_sections_in_same_order(source_sections):
    assert [section.code for section in reference.checklist_sections()] == list(source_sections)


def test_same_item_count_per_section(source_sections):
    ours = {section.code: len(section.items) for section in reference.checklist_sections()}
    theirs = {code: len(section["items"]) for code, section in source_sections.items()}
    assert ours == theirs


def test_item_numbers_run_from_one_without_gaps(source_sections):
    for section in reference.checklist_sections():
        numbers = [item.number for item in section.items]
        assert numbers == list(range(1, len(numbers) + 1)), section.code
        assert sorted(source_sections[section.code]["items"]) == numbers, section.code


def test_section_titles_match_the_source(source_sections):
    for section in reference.checklist_sections():
        source_title = source_sections[section.code]["title"].replace("–", "-")
        assert source_title.lower().endswith(section.title.lower()), section.code


def test_total_is_counted_not_copied_from_the_prose(source_sections):
    counted = sum(len(section["items"]) for section in source_sections.values())
    document = reference.checklist_document()
    assert document["source"]["counted_total"] == counted == len(reference.checklist_items())
    assert document["source"]["stated_total"] != counted  # the source's own total is off by one


def longest_shared_run(ours: str, theirs: str) -> int:
    """Length in words of the longest run of consecutive words two texts share."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower().replace("organisation", "organization"))

    a, b = words(ours), words(theirs)
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        row = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                row[j] = previous[j - 1] + 1
                best = max(best, row[j])
        previous = row
    return best


def test_item_wording_is_paraphrased_not_copied(source_sections):
    copied = {}
    for item_id, item in reference.checklist_items().items():
        original = source_sections[item.section]["items"][item.number]
        run = longest_shared_run(item.text, original)
        if run >= 6:
            copied[item_id] = run
    assert copied == {}


def test_source_is_credited():
    source = reference.checklist_document()["source"]
    assert source["publisher"].startswith("International Labour Organization")
    assert source["year"] == 2020
    assert "Section 4" in source["part"]


def test_parser_joins_wrapped_items_and_stops_at_prose():
    text = "\n".join([
        "4. Synthesis and conclusions",
        "Checklist section 3e Recognition\t\tYES\tNO",
        "1.\tFirst question that wraps",
        "onto a second line?",
        "2.\tSecond?",
        "",
        "Some prose paragraph.",
        "3.\tNot an item of 3e",
        "5. References and resources",
    ])
    parsed = parse_section_four(text)
    assert parsed == {"3e": {"title": "Recognition", "items": {
        1: "First question that wraps onto a second line?", 2: "Second?"}}}
