"""The home page's world map: world-atlas country shapes in the Natural Earth projection, drawn as SVG paths."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from markupsafe import Markup, escape

from policyatlas.views.measures import NO_DATA, MapMeasure
from policyatlas.web.topojson import Point, features

WIDTH = 960.0
ANTARCTICA = "010"


@dataclass(frozen=True)
class Shape:
    """One country on the map: its ISO alpha-2 code (None for places ISO does not list), name and path."""

    code: str | None
    name: str
    path: str


@dataclass(frozen=True)
class MapData:
    """Every country's outline, projected, with the drawing's size."""

    shapes: tuple[Shape, ...]
    width: float
    height: float
    clip: str


@dataclass(frozen=True)
class Fill:
    """How one country is drawn: its colour class, the text of its tooltip and whether it links to a page."""

    css: str
    label: str
    link: bool = True


def natural_earth(lon: float, lat: float) -> Point:
    """The Natural Earth I projection (Šavrič et al.) of a point in degrees, unscaled."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


def unwrap(ring: list[Point]) -> list[list[Point]]:
    """A ring that crosses the antimeridian made continuous, drawn on both sides of the map (the outline
    clips what falls outside); any other ring as it is."""
    if not ring:
        return []
    points, offset = [ring[0]], 0.0
    for (previous, _), (lon, lat) in zip(ring, ring[1:], strict=False):
        if lon - previous > 180:
            offset -= 360
        elif previous - lon > 180:
            offset += 360
        points.append((lon + offset, lat))
    low, high = min(p[0] for p in points), max(p[0] for p in points)
    copies = [points]
    if high > 180:
        copies.append([(lon - 360, lat) for lon, lat in points])
    if low < -180:
        copies.append([(lon + 360, lat) for lon, lat in points])
    return copies


def outline() -> list[Point]:
    """The edge of the projected world (λ = ±180°), unscaled, for clipping."""
    east = [natural_earth(180, lat) for lat in range(-90, 91, 2)]
    west = [natural_earth(-180, lat) for lat in range(90, -91, -2)]
    return east + west


def _alpha2(numeric: str | None) -> str | None:
    if numeric is None:
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_2 if country is not None else None


@lru_cache(maxsize=2)
def load_map(path: Path) -> MapData:
    """Read and project a world-atlas ``countries-*.json`` file once (Antarctica left out)."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    projected = []
    for feature in features(topology, "countries"):
        if feature.id == ANTARCTICA:
            continue
        rings = [[natural_earth(lon, lat) for lon, lat in copy] for polygon in feature.polygons for ring in polygon
                 for copy in unwrap(ring)]
        projected.append((feature, rings))
    edge = outline()
    ys = [y for _, rings in projected for ring in rings for _, y in ring]
    left, top = min(x for x, _ in edge), max(ys)
    scale = WIDTH / (max(x for x, _ in edge) - left)
    height = round((top - min(ys)) * scale, 1)
    clip = "M" + "L".join(f"{(x - left) * scale:.1f},{(top - y) * scale:.1f}" for x, y in edge) + "Z"
    shapes = []
    for feature, rings in projected:
        parts = []
        for ring in rings:
            points: list[tuple[float, float]] = []
            for x, y in ring:
                point = (round((x - left) * scale, 1), round((top - y) * scale, 1))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{px:g},{py:g}" for px, py in points) + "Z")
        name = str(feature.properties.get("name") or feature.id or "")
        shapes.append(Shape(_alpha2(feature.id), name, "".join(parts)))
    shapes.sort(key=lambda s: s.name)
    return MapData(tuple(shapes), WIDTH, height, clip)


def measure_fills(measure: MapMeasure, atlas_countries: Iterable[str], no_data: str) -> dict[str, Fill]:
    """Each country's colour and tooltip for a measure; countries the atlas knows but the measure has no data
    for are drawn as "no data" and still link to their pages."""
    fills = {code: Fill(NO_DATA, no_data) for code in atlas_countries}
    for value in measure.countries:
        fills[value.country] = Fill(value.css, value.label, link=value.country in fills)
    return fills


def map_svg(data: MapData, fills: Mapping[str, Fill], *, title: str, names: Mapping[str, str],
            no_data: str) -> Markup:
    """The map as inline SVG: countries with data are links to their pages, each with a tooltip."""
    out = [f'<svg class="worldmap" viewBox="0 0 {data.width:g} {data.height:g}" role="group" '
           f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
           f'<defs><clipPath id="world-edge"><path d="{data.clip}"/></clipPath></defs>'
           f'<path class="sea" d="{data.clip}"/><g clip-path="url(#world-edge)">']
    for shape in data.shapes:
        fill = fills.get(shape.code or "")
        name = names.get(shape.code or "", shape.name)
        if fill is None:
            out.append(f'<path class="c-none" d="{shape.path}"><title>{escape(name)}: {escape(no_data)}</title></path>')
            continue
        label = f"{name}: {fill.label}"
        path = f'<path class="{fill.css}" d="{shape.path}"><title>{escape(label)}</title></path>'
        if fill.link and shape.code:
            out.append(f'<a href="/countries/{shape.code}" aria-label="{escape(label)}">{path}</a>')
        else:
            out.append(path)
    out.append("</g></svg>")
    return Markup("".join(out))
