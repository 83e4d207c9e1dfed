"""Charts drawn on the server as SVG: horizontal bar charts and a country's timeline (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and (optionally) where it links."""

    label: str
    value: float
    href: str | None = None
    text: str | None = None


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str, width: int = 640, limit: int = 15) -> Markup:
    """Horizontal bars, largest first as given, with their values; the first ``limit`` bars only."""
    shown = list(bars)[:limit]
    row, label_width, value_width = 26, 190, 60
    height = row * len(shown) + 10
    top = max((b.value for b in shown), default=0) or 1
    out = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="group" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, bar in enumerate(shown):
        y = 5 + index * row
        length = max(1.0, (width - label_width - value_width) * bar.value / top)
        label = escape(_cut(bar.label, 28))
        value = escape(bar.text if bar.text is not None else f"{bar.value:g}")
        shape = (f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 8}">'
                 f'<title>{escape(bar.label)}: {value}</title></rect>')
        if bar.href:
            shape = f'<a href="{escape(bar.href)}">{shape}</a>'
        out.append(f'<text class="label" x="{label_width - 8}" y="{y + row / 2 + 4}" text-anchor="end">{label}</text>'
                   f'{shape}<text class="value" x="{label_width + length + 6:.1f}" y="{y + row / 2 + 4}">{value}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _year_fraction(value: str) -> float:
    """An ISO date of any precision as a fractional year (the middle of its month or year when that is all)."""
    parts = [int(p) for p in value.split("-")[:3] if p.isdigit()]
    if not parts:
        return 0.0
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 0.5) / 365


def _ticks(start: int, end: int) -> list[int]:
    span = max(1, end - start)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if span / s <= 10)
    first = start + (-start % step)
    return list(range(first, end + 1, step))


def timeline_svg(events: Sequence[dict[str, Any]], *, title: str, lane_of: Callable[[dict[str, Any]], str],
                 describe: Callable[[dict[str, Any]], str], href: Callable[[dict[str, Any]], str],
                 width: int = 900) -> Markup:
    """Dated events as dots on a time axis, one lane per kind; each dot links to its record."""
    dated = [e for e in events if (e.get("date") or {}).get("value")]
    if not dated:
        return Markup("")
    lanes: list[str] = []
    for event in dated:
        lane = lane_of(event)
        if lane not in lanes:
            lanes.append(lane)
    years = [_year_fraction(e["date"]["value"]) for e in dated]
    start, end = int(min(years)), int(max(years)) + 1
    left, right, lane_height, axis = 170, 20, 30, 34
    height = lane_height * len(lanes) + axis

    def x_of(year: float) -> float:
        return left + (width - left - right) * (year - start) / max(1, end - start)

    out = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="group" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, lane in enumerate(lanes):
        y = index * lane_height + lane_height / 2
        out.append(f'<line class="lane" x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>'
                   f'<text class="label" x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(_cut(lane, 24))}</text>')
    base = lane_height * len(lanes)
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{base}" y2="{base}"/>')
    for year in _ticks(start, end):
        x = x_of(year)
        out.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{base + 5}"/>'
                   f'<text class="year" x="{x:.1f}" y="{base + 20}" text-anchor="middle">{year}</text>')
    for event, when in zip(dated, years, strict=True):
        y = lanes.index(lane_of(event)) * lane_height + lane_height / 2
        out.append(f'<a href="{escape(href(event))}"><circle class="dot ev-{escape(event.get("kind") or "")}" '
                   f'cx="{x_of(when):.1f}" cy="{y}" r="6"><title>{escape(describe(event))}</title></circle></a>')
    out.append("</svg>")
    return Markup("".join(out))
