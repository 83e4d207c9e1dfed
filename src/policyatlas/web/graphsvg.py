"""The stakeholder graph as SVG: a light force layout per connected group, groups packed in rows."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

Position = dict[str, tuple[float, float]]
FAMILY_OF = {"person": "person", "organization": "org", "agency": "org", "cert": "org", "country": "org",
             "event": "event", "statement": "event", "activity": "event"}


def components(node_ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Connected groups of nodes, largest first (ties in the order given)."""
    neighbours: dict[str, set[str]] = {n: set() for n in node_ids}
    for a, b in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    seen: set[str] = set()
    groups = []
    for start in neighbours:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in sorted(neighbours[node]):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append(group)
    return sorted(groups, key=lambda g: -len(g))


def force_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]], *, iterations: int = 80) -> Position:
    """Fruchterman–Reingold positions in the unit square, deterministic (nodes start on a circle)."""
    count = len(nodes)
    if count == 1:
        return {nodes[0]: (0.5, 0.5)}
    pos = {n: [0.5 + 0.4 * math.cos(2 * math.pi * i / count), 0.5 + 0.4 * math.sin(2 * math.pi * i / count)]
           for i, n in enumerate(nodes)}
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    for _ in range(iterations):
        shift = {n: [0.0, 0.0] for n in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = max(math.hypot(dx, dy), 1e-3)
                force = k * k / dist
                shift[a][0] += dx / dist * force
                shift[a][1] += dy / dist * force
                shift[b][0] -= dx / dist * force
                shift[b][1] -= dy / dist * force
        for a, b in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 1e-3)
            force = dist * dist / k
            shift[a][0] -= dx / dist * force
            shift[a][1] -= dy / dist * force
            shift[b][0] += dx / dist * force
            shift[b][1] += dy / dist * force
        for n in nodes:
            dx, dy = shift[n]
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            pos[n][0] += dx / length * step
            pos[n][1] += dy / length * step
        temperature *= 0.95
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    pad_x, pad_y = (span - (max(xs) - min(xs))) / 2, (span - (max(ys) - min(ys))) / 2
    return {n: ((p[0] - min(xs) + pad_x) / span, (p[1] - min(ys) + pad_y) / span) for n, p in pos.items()}


def graph_svg(graph: dict[str, Any], *, title: str, href: Callable[[dict[str, Any]], str],
              describe_edge: Callable[[dict[str, Any]], str], width: int = 960, limit: int = 160) -> Markup:
    """The nodes that have edges (up to ``limit``, largest groups first) and their edges, labelled."""
    by_id = {n["id"]: n for n in graph["nodes"]}
    pairs = [(e["source"], e["target"]) for e in graph["edges"] if e["source"] in by_id and e["target"] in by_id]
    linked = list(dict.fromkeys(n for pair in pairs for n in pair))
    groups, kept = [], 0
    for group in components(linked, pairs):
        if kept + len(group) > limit:
            break
        groups.append(group)
        kept += len(group)
    if not groups:
        return Markup("")
    positions: Position = {}
    x = y = row_height = 0.0
    for group in groups:
        size = min(float(width), 90.0 + 75.0 * math.sqrt(len(group)))
        if x + size > width and x > 0:
            x, y, row_height = 0.0, y + row_height, 0.0
        members = set(group)
        layout = force_layout(group, [p for p in pairs if p[0] in members])
        for node, (px, py) in layout.items():
            positions[node] = (x + 30 + px * (size - 60), y + 25 + py * (size - 50))
        x += size
        row_height = max(row_height, size)
    height = y + row_height
    out = [f'<svg class="chart graph" viewBox="0 0 {width} {height:.0f}" role="group" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="17" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrowhead"/></marker></defs>']
    for edge in graph["edges"]:
        a, b = positions.get(edge["source"]), positions.get(edge["target"])
        if a and b:
            out.append(f'<line class="edge" x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                       f'marker-end="url(#arrow)"><title>{escape(describe_edge(edge))}</title></line>')
    for node_id, (px, py) in positions.items():
        node = by_id[node_id]
        family = FAMILY_OF.get(node["kind"], "thing")
        label = node["label"] if len(node["label"]) <= 26 else node["label"][:25] + "…"
        out.append(f'<a href="{escape(href(node))}"><circle class="node n-{family}" cx="{px:.1f}" cy="{py:.1f}" r="7">'
                   f'<title>{escape(node["label"])}</title></circle>'
                   f'<text class="nlabel" x="{px:.1f}" y="{py - 10:.1f}" text-anchor="middle">{escape(label)}</text></a>')
    out.append("</svg>")
    return Markup("".join(out))
