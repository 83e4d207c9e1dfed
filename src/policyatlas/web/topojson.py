"""TopoJSON decoding: shared, quantised, delta-encoded arcs back to each feature's rings of longitude/latitude."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Feature:
    """One geometry of a TopoJSON object: its id, properties and polygons (each a list of rings)."""

    id: str | None
    properties: dict[str, Any]
    polygons: list[list[Ring]]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc as absolute coordinates (undoing the delta encoding and the quantisation transform)."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology.get("arcs", []):
        points: list[Point] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for position in arc:
                x += position[0]
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """A closed ring stitched from arcs; a negative index ``~i`` means arc ``i`` reversed."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def features(topology: dict[str, Any], name: str) -> list[Feature]:
    """The features of one object (``countries``) as polygons; points and lines are left out."""
    collection = topology["objects"][name]
    geometries = collection.get("geometries", [collection])
    arcs = decode_arcs(topology)
    result = []
    for geometry in geometries:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [[_ring(ring, arcs) for ring in geometry["arcs"]]]
        elif kind == "MultiPolygon":
            polygons = [[_ring(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        raw_id = geometry.get("id")
        result.append(Feature(str(raw_id) if raw_id is not None else None, dict(geometry.get("properties") or {}),
                              polygons))
    return result
