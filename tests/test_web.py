"""The portal's parts: TopoJSON decoding and projection, SVG charts, snippets and dates, languages and the
the session key (the catalogues: test_i18n.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request

from policyatlas.config import Settings
from policyatlas.web.auth import safe_next, secret_key
from policyatlas.web.formatting import date_input, format_date, marked
from policyatlas.web.graphsvg import components, graph_svg
from policyatlas.web.i18n import Translator, country_name, pick_language
from policyatlas.web.svg import Bar, bar_chart, timeline_svg
from policyatlas.web.topojson import decode_arcs, features
from policyatlas.web.worldmap import natural_earth, unwrap

#: A square of two arcs (the second one used reversed), quantised and delta-encoded as TopoJSON does.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
    "arcs": [[[0, 0], [4, 0], [0, 4]], [[0, 0], [0, 4], [4, 0]]],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, -2]], "id": "484", "properties": {"name": "Mexico"}},
        {"type": "Point", "coordinates": [0, 0]},
    ]}},
}


def test_topojson_arcs_are_delta_decoded_and_transformed() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(-10.0, 20.0), (-8.0, 20.0), (-8.0, 21.0)]


def test_topojson_rings_stitch_reversed_arcs() -> None:
    [feature] = features(TOPOLOGY, "countries")
    assert feature.id == "484" and feature.properties["name"] == "Mexico"
    ring = feature.polygons[0][0]
    assert ring[0] == ring[-1] == (-10.0, 20.0)
    assert len(ring) == 5


@pytest.mark.parametrize(("lon", "lat", "x", "y"), [(0, 0, 0.0, 0.0), (180, 0, 2.7353, 0.0), (0, 90, 0.0, 1.4224)])
def test_natural_earth_projection_known_points(lon: float, lat: float, x: float, y: float) -> None:
    px, py = natural_earth(lon, lat)
    assert px == pytest.approx(x, abs=1e-3) and py == pytest.approx(y, abs=1e-3)


def test_unwrap_draws_antimeridian_rings_on_both_sides() -> None:
    copies = unwrap([(179.0, 60.0), (-179.0, 60.0), (-179.0, 62.0), (179.0, 62.0), (179.0, 60.0)])
    assert len(copies) == 2
    assert copies[0][1] == (181.0, 60.0) and copies[1][1] == (-179.0, 60.0)
    assert len(unwrap([(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)])) == 1


def test_bar_chart_escapes_labels_and_links() -> None:
    svg = bar_chart([Bar("<b>Health</b>", 3, "/incidents?country=MX"), Bar("Finance", 1)], title="By <sector>")
    assert "<b>" not in svg and "&lt;b&gt;Health&lt;/b&gt;" in svg and "By &lt;sector&gt;" in svg
    assert svg.count("<rect") == 2 and '<a href="/incidents?country=MX">' in svg


def test_timeline_places_dots_by_date_and_skips_undated() -> None:
    events = [{"date": {"value": "2005-01-31"}, "kind": "law", "title": "A", "record": "r1"},
              {"date": {"value": "2017"}, "kind": "strategy", "title": "B", "record": "r2"},
              {"date": None, "kind": "law", "title": "C", "record": "r3"}]
    svg = timeline_svg(events, title="T", lane_of=lambda e: e["kind"], describe=lambda e: e["title"],
                       href=lambda e: f"#r-{e['record']}")
    assert svg.count("<circle") == 2 and 'href="#r-r1"' in svg and "#r-r3" not in svg
    assert ">2006<" in svg and ">2018<" in svg  # ticks every two years over 2005–2018


def test_graph_svg_keeps_connected_nodes_only() -> None:
    graph = {"nodes": [{"id": "a", "label": "Ana", "kind": "person"}, {"id": "b", "label": "Senate", "kind": "organization"},
                       {"id": "c", "label": "Alone", "kind": "law"}],
             "edges": [{"source": "a", "target": "b", "role": "member"}]}
    svg = graph_svg(graph, title="G", href=lambda n: f"/x/{n['id']}", describe_edge=lambda e: e["role"])
    assert "Ana" in svg and "Senate" in svg and "Alone" not in svg and svg.count("<line") == 1
    assert components(["a", "b", "c"], [("a", "b")]) == [["a", "b"], ["c"]]


@pytest.mark.parametrize(("snippet", "html"), [
    ("Ley de <mark>Seguridad</mark>", "Ley de <mark>Seguridad</mark>"),
    ("<script>x</script> <mark>a</mark>", "&lt;script&gt;x&lt;/script&gt; <mark>a</mark>"),
    ("<mark>open", "<mark>open</mark>"),
    ("stray </mark> <mark onclick=x>", "stray  &lt;mark onclick=x&gt;"),
])
def test_marked_keeps_only_mark_tags(snippet: str, html: str) -> None:
    assert str(marked(snippet)) == html


@pytest.mark.parametrize(("date", "lang", "text"), [
    ({"value": "2005-01-31", "precision": "day", "end": None}, "en", "31 January 2005"),
    ({"value": "2005-01-31", "precision": "day", "end": None}, "es", "31 de enero de 2005"),
    ({"value": "2021-04", "precision": "month", "end": None}, "es", "abril de 2021"),
    ({"value": "2017", "precision": "year", "end": "2019"}, "en", "2017 – 2019"),
    ({"value": None, "precision": None, "end": None}, "es", "fecha desconocida"),
    (None, "en", ""),
])
def test_format_date_keeps_precision_in_both_languages(date: dict[str, str | None] | None, lang: str,
                                                       text: str) -> None:
    assert format_date(date, lang) == text


def test_date_input_round_trips_ranges() -> None:
    assert date_input({"value": "2017", "end": "2019"}) == "2017/2019" and date_input(None) == ""


def _request(query: str = "", cookie: str = "", accept: str = "") -> Request:
    headers = [(b"cookie", cookie.encode()), (b"accept-language", accept.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(), "headers": headers})


@pytest.mark.parametrize(("query", "cookie", "accept", "lang"), [
    ("lang=es", "", "", "es"), ("", "lang=es", "", "es"), ("lang=en", "lang=es", "es", "en"),
    ("", "", "es-MX,es;q=0.9", "es"), ("", "", "fr,en;q=0.5", "en"), ("lang=xx", "", "", "en"),
])
def test_pick_language_query_then_cookie_then_browser(query: str, cookie: str, accept: str, lang: str) -> None:
    assert pick_language(_request(query, cookie, accept)) == lang


def test_translator_fills_placeholders_and_labels() -> None:
    t = Translator("es")
    assert t.ngettext("{n} result", "{n} results", 3) == "3 resultados" and t.label("in_force") == "En vigor"
    assert Translator("en").label("un_process") == "UN process" and t.label("no_such_code") == "no such code"
    assert country_name("MX", "es") == "México" and country_name("XQ", "es") == "XQ"


def test_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = secret_key(Settings(), path)
    assert len(first) > 40 and path.read_text().strip() == first
    assert secret_key(Settings(), path) == first
    assert secret_key(Settings(secret_key="given"), path) == "given"


@pytest.mark.parametrize(("target", "safe"), [
    ("/countries/MX", "/countries/MX"), ("//evil.example", "/"), ("https://evil.example", "/"), (None, "/"),
    ("/\\\\evil", "/"),
])
def test_safe_next_stays_on_this_site(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe
