"""The outcome chart draws one line per domain, at the right height for each score."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reintegra.cases import charts
from reintegra.cases.models import OutcomeAssessment

SCORES = dict(safety=1, legal_protection=2, mental_wellbeing=3, economic_empowerment=4, social_support=5,
              physical_wellbeing=3)


def test_chart_plots_each_domain_at_its_score():
    outcomes = [OutcomeAssessment(timepoint="intake", **SCORES),
                OutcomeAssessment(timepoint="month_6", **{**SCORES, "safety": 5})]
    svg = charts.outcome_chart_svg(outcomes)
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    lines = root.findall(f"{ns}polyline")
    assert len(lines) == 6
    plot_h = charts.HEIGHT - charts.TOP - charts.BOTTOM
    safety = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    assert safety[0][1] == charts.TOP + plot_h  # score 1 at the bottom
    assert safety[1][1] == charts.TOP  # score 5 at the top
    assert safety[0][0] < safety[1][0]
    assert "Intake" in svg and "6 months" in svg and "Safety" in svg


def test_empty_chart_and_escaping():
    assert charts.outcome_chart_svg([]) == ""
    svg = charts.outcome_chart_svg([OutcomeAssessment(timepoint="intake", **SCORES)])
    assert not re.search(r"<script", svg)
