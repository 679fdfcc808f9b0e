"""Outcome chart: scores per domain over time, drawn as a small inline SVG on the server.

Drawn by hand rather than through Altair/vl-convert: the case page must stay fast on a laptop
(vl-convert costs ~300 ms per chart warm and seconds cold), and a six-line chart needs no engine.
The same data is always shown as a table next to it, for screen readers and printing.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.translation import gettext as _

from reintegra.cases.models import OUTCOME_DOMAINS, OutcomeAssessment

# Colour-blind-safe palette (Okabe–Ito), one colour and one dash pattern per domain.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"]
WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 40, 190, 15, 40


def outcome_series(outcomes: Iterable[OutcomeAssessment]) -> tuple[list[str], dict[str, list[int]]]:
    """Time-point labels and, per domain label, the scores in the same order."""
    points = list(outcomes)
    labels = [str(o.get_timepoint_display()) for o in points]
    series = {str(label): [getattr(o, code) for o in points] for code, label in OUTCOME_DOMAINS}
    return labels, series


def outcome_chart_svg(outcomes: Iterable[OutcomeAssessment]) -> str:
    """An SVG line chart (scores 1–5 on the y axis, time points on the x axis), or "" if empty."""
    labels, series = outcome_series(outcomes)
    if not labels:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(labels) > 1 else plot_w / 2)

    def y(score: int) -> float:
        return TOP + plot_h - (score - 1) / 4 * plot_h

    title = escape(_("Outcome scores over time (1 = very poor, 5 = very good)"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{title}" class="outcome-chart" font-family="sans-serif" font-size="11">',
             f"<title>{title}</title>"]
    for score in range(1, 6):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
                     f'stroke="#d5dadd"/><text x="{LEFT - 8}" y="{y(score) + 4:.1f}" text-anchor="end">{score}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{escape(label)}</text>')
    for n, (domain, scores) in enumerate(series.items()):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        points = " ".join(f"{x(i):.1f},{y(s):.1f}" for i, s in enumerate(scores))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        parts += [f'<circle cx="{x(i):.1f}" cy="{y(s):.1f}" r="3" fill="{colour}"/>' for i, s in enumerate(scores)]
        legend_y = TOP + 10 + n * 18
        parts.append(f'<line x1="{WIDTH - RIGHT + 15}" x2="{WIDTH - RIGHT + 40}" y1="{legend_y}" y2="{legend_y}" '
                     f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
                     f'<text x="{WIDTH - RIGHT + 46}" y="{legend_y + 4}">{escape(domain)}</text>')
    parts.append("</svg>")
    return "".join(parts)
