"""Charts of the planning pages, rendered on the server to SVG (Altair → vl-convert).

The same SVG is embedded in the web page and in the PDF report.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.planning.models import Pillar

STATE_LABELS = {"on_track": gettext_lazy("On track"), "late": gettext_lazy("Late"), "done": gettext_lazy("Done"),
                "cancelled": gettext_lazy("Cancelled")}
STATE_COLOURS = {"on_track": "#4c78a8", "late": "#e45756", "done": "#54a24b", "cancelled": "#bab0ac"}


def _to_svg(chart: Any) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


def activities_by_pillar(dashboard: dict[str, Any]) -> str:
    import altair as alt

    labels = {state: str(label) for state, label in STATE_LABELS.items()}
    rows = [
        {"pillar": str(Pillar(pillar).label), "state": labels[state], "count": count}
        for pillar, states in dashboard["by_pillar"].items() for state, count in states.items() if count
    ]
    if not rows:
        return ""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("pillar:N", title=None, sort=[str(p.label) for p in Pillar], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title=_("Activities"), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("state:N", title=_("Status"),
                        scale=alt.Scale(domain=list(labels.values()), range=list(STATE_COLOURS.values()))),
    ).properties(width=360, height=200)
    return _to_svg(chart)


def indicator_progress(dashboard: dict[str, Any]) -> str:
    import altair as alt

    rows = [{"indicator": row["indicator"].name[:60], "progress": round(row["progress"] * 100)}
            for row in dashboard["indicators"] if row["progress"] is not None]
    if not rows:
        return ""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar(color="#4c78a8").encode(
        y=alt.Y("indicator:N", title=None),
        x=alt.X("progress:Q", title=_("Progress from baseline to target (%)"), scale=alt.Scale(domain=[0, 100])),
    ).properties(width=360, height=max(40, 24 * len(rows)))
    return _to_svg(chart)


def assessment_progress(history: list[dict[str, Any]]) -> str:
    import altair as alt

    rows = [{"period": row["assessment"].period_label, "score": round(row["overall"] * 100)}
            for row in history if row["overall"] is not None]
    if not rows:
        return ""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar(color="#54a24b").encode(
        x=alt.X("period:N", title=_("Period"), sort=None),
        y=alt.Y("score:Q", title=_("Checklist score (%)"), scale=alt.Scale(domain=[0, 100])),
    ).properties(width=300, height=180)
    return _to_svg(chart)
