"""Outcome chart: scores per domain over time, rendered to SVG on the server (Altair + vl-convert)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from reintegra.cases.models import OUTCOME_DOMAINS, OutcomeAssessment


def outcome_rows(outcomes: Iterable[OutcomeAssessment]) -> list[dict[str, object]]:
    rows = []
    for order, outcome in enumerate(outcomes):
        for code, label in OUTCOME_DOMAINS:
            rows.append({"order": order, "when": str(outcome.get_timepoint_display()), "domain": str(label),
                         "score": getattr(outcome, code)})
    return rows


def outcome_chart_svg(outcomes: Iterable[OutcomeAssessment]) -> str:
    """An SVG line chart, or "" when there is nothing to draw or the renderer is unavailable."""
    rows = outcome_rows(outcomes)
    if not rows:
        return ""
    try:
        import altair as alt
        import vl_convert
    except ImportError:  # pragma: no cover - both are project dependencies
        return ""
    order: list[str] = list(dict.fromkeys(str(r["when"]) for r in rows))
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("when:N", sort=order, title=_("Time point")),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[1, 5]), title=_("Score (1–5)")),
            color=alt.Color("domain:N", title=_("Domain")),
        )
        .properties(width=420, height=220)
    )
    return vl_convert.vegalite_to_svg(chart.to_json())
