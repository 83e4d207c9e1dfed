"""The stakeholder graph: entities as nodes, record links (roles, statements, sponsorship) as edges."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.schemas.analysis import GraphOut
from policyatlas.store import entity_queries as q
from policyatlas.store import record_queries
from policyatlas.store.db import session_scope
from policyatlas.store.entity_queries import EntityBrief
from policyatlas.views.cache import cached
from policyatlas.views.countries import normalise_country

#: Kinds whose records make the stakeholder map (incidents and index values are left out).
GRAPH_KINDS = frozenset({
    "person", "organization", "event", "statement", "initiative", "list", "agency", "cert", "strategy", "law",
    "cooperation", "partnership", "activity", "membership", "un_process", "policy", "key_position",
})
FORMATS = ("json", "graphml", "dot")


def get_graph(engine: Engine, *, country: str | None = None) -> GraphOut:
    """Nodes (entities) and edges (a record's subject to each entity it names, with the role and source);
    computed once per data version from the records' links (never their fields or their documents)."""
    code = normalise_country(country) if country else None
    return cached(engine, "graph", code, lambda: _graph(engine, code))


def _graph(engine: Engine, code: str | None) -> GraphOut:
    with session_scope(engine) as session:
        rows = record_queries.record_sources(session, country=code, kinds=GRAPH_KINDS)
        links = q.record_links(session, [record_id for record_id, _ in rows])
        files = {s.id: s.file for s in record_queries.sources_by_id(session, {s for _, s in rows}).values()}
    by_record: dict[str, list[tuple[str, EntityBrief]]] = {}
    for record_id, role, entity in links:
        by_record.setdefault(record_id, []).append((role, entity))
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for record_id, source_id in rows:
        linked = by_record.get(record_id, [])
        subject = next((e for role, e in linked if role == "subject"), None)
        if subject is None:
            continue
        for role, entity in linked:
            nodes.setdefault(entity.id, {"id": entity.id, "label": entity.name, "kind": entity.kind,
                                         "country": entity.country})
            if entity.id == subject.id:
                continue
            # people speak and propose; other links point from the record's subject to what it names
            forward = role not in {"speaker", "proposer", "proposed_by", "participant", "organizer", "supporter",
                                   "sponsor", "issuer", "responsible", "presenter", "co-sponsor"}
            src, dst = (subject.id, entity.id) if forward else (entity.id, subject.id)
            key = (src, dst, role)
            if key in seen:
                continue
            seen.add(key)
            edges.append({"source": src, "target": dst, "role": role, "record": record_id,
                          "document": source_id, "file": files[source_id]})
    return GraphOut.model_validate({"country": code, "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
                                    "edges": edges})


def render_graph(answer: GraphOut, fmt: str) -> str:
    """The graph as JSON, GraphML (for Gephi, yEd) or Graphviz DOT."""
    graph = answer.to_json()
    if fmt == "json":
        return json.dumps(graph, ensure_ascii=False, indent=2)
    if fmt == "graphml":
        return _graphml(graph)
    if fmt == "dot":
        return _dot(graph)
    raise ConfigError(f"unknown graph format {fmt!r} (choose from {', '.join(FORMATS)})")


def _graphml(graph: dict[str, Any]) -> str:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for key, domain in (("label", "node"), ("kind", "node"), ("country", "node"), ("role", "edge"),
                        ("record", "edge"), ("document", "edge")):
        ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": key, "attr.type": "string"})
    body = ET.SubElement(root, "graph", id="policyatlas", edgedefault="directed")
    for node in graph["nodes"]:
        element = ET.SubElement(body, "node", id=node["id"])
        for key in ("label", "kind", "country"):
            ET.SubElement(element, "data", key=key).text = str(node.get(key) or "")
    for index, edge in enumerate(graph["edges"]):
        element = ET.SubElement(body, "edge", id=f"e{index}", source=edge["source"], target=edge["target"])
        for key in ("role", "record", "document"):
            ET.SubElement(element, "data", key=key).text = str(edge[key])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(graph: dict[str, Any]) -> str:
    lines = ["digraph policyatlas {", "  rankdir=LR;"]
    shapes = {"person": "ellipse", "statement": "note", "initiative": "component", "event": "diamond"}
    for node in graph["nodes"]:
        lines.append(f"  {_quote(node['id'])} [label={_quote(node['label'])}, "
                     f"shape={shapes.get(node['kind'], 'box')}];")
    for edge in graph["edges"]:
        lines.append(f"  {_quote(edge['source'])} -> {_quote(edge['target'])} [label={_quote(edge['role'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
