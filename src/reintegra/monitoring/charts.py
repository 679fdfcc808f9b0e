"""Server-side charts: Altair specifications rendered to SVG by vl-convert (offline, no JS).

Only published numbers are drawn; suppressed groups are left out and named in the caption, so a
chart never shows more than the table beside it. The same SVG goes into the page and the PDF.
"""

from __future__ import annotations

import base64

from reintegra.monitoring.statistics.dashboard import IndicatorPanel


def panel_chart(panel: IndicatorPanel, dimension: str, dimension_name: str, value_title: str) -> str | None:
    """SVG of one indicator under one disaggregation, or None when nothing can be shown."""
    groups = [g for g in panel.by_dimension.get(dimension, []) if g.value is not None]
    if not groups:
        return None
    is_rate = panel.indicator.kind == "proportion"
    data = [{"group": g.label, "value": round(g.value * 100, 1) if is_rate else g.value} for g in groups
            if g.value is not None]
    # Imported here: Altair pulls in jsonschema, seconds of start-up for every process otherwise.
    import altair as alt
    import vl_convert as vlc

    chart = alt.Chart(alt.Data(values=data)).mark_bar(color="#2b6cb0").encode(
        x=alt.X("group:N", title=dimension_name, sort=None),
        y=alt.Y("value:Q", title=value_title),
        tooltip=["group:N", "value:Q"],
    ).properties(width=max(120, 40 * len(data)), height=160)
    return vlc.vegalite_to_svg(chart.to_json())


def as_data_uri(svg: str | None) -> str:
    """For <img src>: the CSP forbids inline styles and scripts but allows data: images."""
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
