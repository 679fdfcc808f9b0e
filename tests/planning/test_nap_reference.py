"""NAP reference data: the 4Ps, P029 Articles 1-6 and the R203 paragraphs the NAP guidance cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reintegra.planning import reference
from tests.planning.test_checklist_data import guidance_dir, longest_shared_run

NAP_FILE = "000_bed494ecd35a060c.txt"


def parse_r203_clauses(text: str) -> set[str]:
    """Ids like "R203-4(b)" for every clause the NAP guidance quotes from Recommendation No. 203."""
    found: set[str] = set()
    in_r203 = False
    paragraph = None
    for line in text.splitlines():
        if "Recommendation No. 203" in line:
            in_r203 = True
            continue
        if line.startswith(("Forced Labour Protocol", "Article ")):
            in_r203 = False
            continue
        if not in_r203:
            continue
        numbered = re.match(r"^- (\d+)\. ", line)
        if numbered:
            paragraph = numbered.group(1)
            continue
        clause = re.match(r"^- \(([a-j])\) ", line)
        if clause and paragraph:
            found.add(f"R203-{paragraph}({clause.group(1)})")
    return found


@pytest.fixture(scope="module")
def nap_text() -> str:
    path = Path(guidance_dir()) / NAP_FILE
    if not path.exists():
        pytest.skip(f"NAP guidance text not found at {path}")
    return path.read_text(encoding="utf-8")


def test_every_r203_clause_cited_by_the_guidance_is_reference_data(nap_text):
    cited = parse_r203_clauses(nap_text)
    ours = {ref_id for ref_id in reference.legal_references() if ref_id.startswith("R203-")}
    assert len(cited) == 39  # 1(a-b), 4(a-j), 9(a-f), 10(a-d), 11(a-c), 12(a-e), 13(a-d), 14(a-e)
    assert cited == ours


def test_protocol_articles_one_to_six_are_all_present():
    articles = {re.match(r"P029-(\d+)", ref_id).group(1) for ref_id in reference.legal_references()
                if ref_id.startswith("P029-")}
    assert articles == {"1", "2", "3", "4", "5", "6"}


def test_each_provision_sits_under_one_of_the_four_ps():
    codes = {pillar["code"] for pillar in reference.pillars()}
    assert codes == {"prevention", "protection", "prosecution", "partnerships"}
    for ref in reference.legal_references().values():
        assert ref["pillar"] in codes, ref["id"]
        assert 10 < len(ref["summary"]) < 200, ref["id"]


def test_summaries_and_principles_are_not_copied_from_the_guidance(nap_text):
    texts = [ref["summary"] for ref in reference.legal_references().values()]
    texts += [principle["text"] for principle in reference.guiding_principle_templates()]
    copied = [text for text in texts if longest_shared_run(text, nap_text) >= 7]
    assert copied == []


def test_guiding_principle_templates_have_unique_codes():
    codes = [principle["code"] for principle in reference.guiding_principle_templates()]
    assert len(codes) == len(set(codes)) >= 6
