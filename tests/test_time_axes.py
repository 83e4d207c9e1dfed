"""The two time axes (in force at / known at) on a fictional country's profile in two versions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from policyatlas.cli import output
from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.model.fact_dates import fact_period, in_force, repeal_date
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.profile import get_profile
from tests.conftest import CliRun

# Invented facts about Andorra, in the portal's layout: the 2012 version and the 2023 version.
V2012 = """\
## CYBERSECURITY POLICY

## STRUCTURE

### Dedicated Agencies and Departments

#### Agencia de Datos de Prueba (Test Data Agency)

[Source](#)

### National CERT or CSIRT

#### **CERT-AD (Centre de Resposta de Prova)**

[Source](#)

1 June 2010

## Andorra

Last Updated: March 2012

## LEGAL FRAMEWORK

### Legislation

#### Llei de Seguretat de Prova (Test Security Law)

[Source](#)

31 January 2005

## COOPERATION

## Select Activities

## Membership
"""

V2023 = """\
## CYBERSECURITY POLICY

### Strategy Documents

#### Estratègia Nacional de Prova (National Test Strategy)

[Source](#)

## STRUCTURE

### Dedicated Agencies and Departments

#### Agencia de Datos de Prueba (Test Data Agency)

[Source](#)

### National CERT or CSIRT

#### **CERT-AD (Centre de Resposta de Prova)**

[Source](#)

1 June 2010

## Andorra

Last Updated: May 2023

## LEGAL FRAMEWORK

### Legislation

#### Llei de Seguretat de Prova (Test Security Law)

[Source](#)

31 January 2005 (amended 20 May 2014)

#### Llei de Comerc Electronic de Prova (Test Commerce Law)

[Source](#)

2010

#### Llei Derogada de Prova (Test Repealed Law)

[Source](#)

2007 (repealed March 2016)

#### Llei de Ciberseguretat de Prova (Test Cybersecurity Law)

[Source](#)

2018

## COOPERATION

## Select Activities

## Membership
"""

SECURITY, COMMERCE, REPEALED, CYBER = ("Llei de Seguretat de Prova", "Llei de Comerc Electronic de Prova",
                                       "Llei Derogada de Prova", "Llei de Ciberseguretat de Prova")
CERT, AGENCY, STRATEGY = "CERT-AD", "Agencia de Datos de Prueba", \
    "Estratègia Nacional de Prova"


@pytest.fixture
def andorra(engine: Engine, tmp_path: Path) -> Engine:
    (tmp_path / "ad-2012.md").write_text(V2012, encoding="utf-8")
    (tmp_path / "ad-2023.md").write_text(V2023, encoding="utf-8")
    assert ingest_paths(engine, [tmp_path / "ad-2023.md", tmp_path / "ad-2012.md"]).ok
    return engine


def titles(profile: Any) -> set[str]:
    return {r["title"] for s in profile["sections"] for r in s["records"]}


def undated(profile: Any) -> set[str]:
    return {r["title"] for r in profile["undated"]}


def test_fact_period_reads_dates_amendments_and_repeal() -> None:
    assert fact_period({"dates": [{"value": "2010", "precision": "year"}]}) == ("2010", None)
    assert fact_period({"dates": [], "amended": [{"value": "2014-05-20", "precision": "day"}]}) == ("2014-05-20", None)
    assert fact_period({"dates": [{"value": "2007", "precision": "year"}], "date_note": "repealed March 2016"}) \
        == ("2007", "2016-03")
    assert fact_period({"dates": [], "amended": [{"value": None, "precision": None}]}) == (None, None)
    assert repeal_date("derogada el 3 de mayo de 2019") == "2019-05-03" and repeal_date("repealed") is None


@pytest.mark.parametrize(("start", "until", "at", "expected"), [
    ("2015", None, "2015-06", True),        # a year counts from its first day
    ("2015", None, "2015", True),           # a date asked names its period; the state at its end
    ("2015", None, "2014-12-31", False),
    ("2015-07", None, "2015-06", False),
    ("2015-06-20", None, "2015-06", True),  # by the end of June
    ("2007", "2016-03", "2016-02", True),
    ("2007", "2016-03", "2016-03", False),
    ("2007", "2016-03", "2016", False),
    (None, None, "2016", False),            # undated: not known to have existed
])
def test_in_force_precision_rules(start: str | None, until: str | None, at: str, expected: bool) -> None:
    assert in_force(start, until, at) is expected


def test_profile_in_force_at_by_the_facts_own_dates(andorra: Engine) -> None:
    profile = get_profile(andorra, "AD", in_force_at="2015")
    # the e-commerce law is dated 2010 only by the 2023 version: still in force at 2015
    assert titles(profile) == {SECURITY, COMMERCE, REPEALED, CERT}
    assert undated(profile) == {AGENCY, STRATEGY}
    assert profile["in_force_at"] == "2015" and profile["known_at"] is None
    assert titles(get_profile(andorra, "AD", in_force_at="2017")) == {SECURITY, COMMERCE, CERT}
    assert CYBER in titles(get_profile(andorra, "AD", in_force_at="2018-01"))
    assert CYBER not in titles(get_profile(andorra, "AD", in_force_at="2017-12"))
    assert REPEALED in titles(get_profile(andorra, "AD", in_force_at="2016-02"))
    assert REPEALED not in titles(get_profile(andorra, "AD", in_force_at="2016-03"))
    assert titles(get_profile(andorra, "AD", in_force_at="2008")) == {SECURITY, REPEALED}
    item = next(r for s in profile["sections"] for r in s["records"] if r["title"] == REPEALED)
    assert item["in_force"].to_json() == {"from": "2007", "until": "2016-03", "undated": False}


def test_profile_known_at_and_both_axes(andorra: Engine) -> None:
    known = get_profile(andorra, "AD", known_at="2015")
    assert titles(known) == {SECURITY, CERT, AGENCY} and known["undated"] == []
    assert get_profile(andorra, "AD", as_of="2015").to_json() == known.to_json()  # as_of is the older name
    both = get_profile(andorra, "AD", known_at="2015", in_force_at="2008")
    assert titles(both) == {SECURITY} and undated(both) == {AGENCY}
    with pytest.raises(NotFoundError):
        get_profile(andorra, "AD", known_at="2011")
    with pytest.raises(ConfigError):
        get_profile(andorra, "AD", known_at="2015", as_of="2016")


def test_timeline_follows_both_axes(andorra: Engine) -> None:
    from policyatlas.views.timeline import get_timeline

    def events(**dates: str) -> set[tuple[str, str, str]]:
        return {(e["title"], e["event"], e["date"]["value"]) for e in get_timeline(andorra, countries=["AD"], **dates)}

    now = events()
    assert (REPEALED, "repealed", "2016-03") in now and (CYBER, "enacted", "2018") in now
    assert events(in_force_at="2015") == {(SECURITY, "enacted", "2005-01-31"), (SECURITY, "amended", "2014-05-20"),
                                          (COMMERCE, "enacted", "2010"), (REPEALED, "enacted", "2007"),
                                          (CERT, "established", "2010-06-01")}
    assert events(known_at="2015") == {(SECURITY, "enacted", "2005-01-31"), (CERT, "established", "2010-06-01")}
    assert events(known_at="2015", in_force_at="2008") == {(SECURITY, "enacted", "2005-01-31")}


def test_history_follows_both_axes_and_names_its_sources(andorra: Engine) -> None:
    from policyatlas.views.history import get_history

    everything = get_history(andorra, "AD").to_json()["changes"]
    assert {c["date"] for c in everything} == {"2012-03", "2023-05"}
    added = next(c for c in everything if c["title"] == COMMERCE)
    assert added["source_title"] and added["date_basis"] == "published" and added["change"] == "added"
    changed = next(c for c in everything if c["change"] == "changed" and c["title"] == SECURITY)
    assert changed["fields"] == [{"field": "amended", "from": [],
                                  "to": [{"value": "2014-05-20", "precision": "day", "end": None}]}]
    known = get_history(andorra, "AD", known_at="2015").to_json()
    assert known["known_at"] == "2015" and {c["date"] for c in known["changes"]} == {"2012-03"}
    assert {c["title"] for c in known["changes"]} == {SECURITY, CERT, AGENCY}
    in_force = get_history(andorra, "AD", in_force_at="2008")["changes"]
    assert {c["title"] for c in in_force} == {SECURITY, REPEALED, AGENCY, STRATEGY}  # in force then, or undated


def test_compare_and_assessment_follow_both_axes(andorra: Engine) -> None:
    from policyatlas.views.assessment import assess_country
    from policyatlas.views.compare import compare_countries

    def cert(**dates: str) -> Any:
        return compare_countries(andorra, ["AD"], **dates)["matrix"]["AD"]["cert"]["value"]

    assert (cert(), cert(in_force_at="2015"), cert(in_force_at="2009"), cert(known_at="2011")) == \
        ("yes", "yes", "unknown", "unknown")
    assert compare_countries(andorra, ["AD"], in_force_at="2009", known_at="2015")["in_force_at"] == "2009"

    def evidence(result: dict[str, Any]) -> set[str]:
        return {e.get("id") or e.get("record") for p in result["pillars"] for i in p["indicators"] for e in i["evidence"]}

    then = assess_country(andorra, "AD", "gci", in_force_at="2009")
    assert then["in_force_at"] == "2009" and then["known_at"] is None
    profile = get_profile(andorra, "AD", in_force_at="2009")
    shown = {r["id"] for s in profile["sections"] for r in s["records"]} | {r["id"] for r in profile["undated"]}
    assert evidence(then) <= shown
    cert_id = next(r["id"] for s in get_profile(andorra, "AD")["sections"] for r in s["records"] if r["title"] == CERT)
    assert cert_id in evidence(assess_country(andorra, "AD", "gci")) and cert_id not in evidence(then)


def test_an_edit_of_a_date_moves_the_fact_in_time(andorra: Engine) -> None:
    from policyatlas.services.editing import edit_record

    law = next(r for s in get_profile(andorra, "AD")["sections"] for r in s["records"] if r["title"] == COMMERCE)
    edit_record(andorra, law["id"], {"dates": [{"value": "2016", "precision": "year", "end": None}]}, author="ana")
    assert COMMERCE not in titles(get_profile(andorra, "AD", in_force_at="2015"))
    assert COMMERCE in titles(get_profile(andorra, "AD", in_force_at="2016"))


RAW_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture
def andorra_files(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ad-2012.md").write_text(V2012, encoding="utf-8")
    (docs / "ad-2023.md").write_text(V2023, encoding="utf-8")
    return docs


def test_cli_both_axes_and_readable_history(cli: CliRun, andorra_files: Path) -> None:
    assert cli("ingest", andorra_files).exit_code == 0
    profile = json.loads(cli("profile", "AD", "--in-force-at", "2015", "--json").stdout)
    assert titles(profile) == {SECURITY, COMMERCE, REPEALED, CERT} and undated(profile) == {AGENCY, STRATEGY}
    table = cli("profile", "AD", "--in-force-at", "2015").stdout
    assert "Undated" in table and "in force at 2015" in table
    known = json.loads(cli("profile", "AD", "--known-at", "2015", "--json").stdout)
    assert known == json.loads(cli("profile", "AD", "--as-of", "2015", "--json").stdout)
    assert titles(known) == {SECURITY, CERT, AGENCY}
    mixed = cli("profile", "AD", "--known-at", "2015", "--as-of", "2016")
    assert mixed.exit_code == 1 and "another name" in mixed.stderr
    assert cli("profile", "AD", "--in-force-at", "soon").exit_code == 1
    timeline = json.loads(cli("timeline", "--country", "AD", "--in-force-at", "2009", "--json").stdout)
    assert {e["title"] for e in timeline} == {SECURITY, REPEALED}
    compare = json.loads(cli("compare", "AD", "--in-force-at", "2009", "--json").stdout)
    assert compare["matrix"]["AD"]["cert"]["value"] == "unknown"
    assessed = json.loads(cli("assess", "AD", "--framework", "gci", "--in-force-at", "2009", "--json").stdout)
    assert assessed["in_force_at"] == "2009"
    history = json.loads(cli("history", "AD", "--known-at", "2015", "--json").stdout)
    assert {c["date"] for c in history["changes"]} == {"2012-03"}
    lines = cli("history", "AD").stdout
    assert "March" in lines and not RAW_TIME.search(lines)
    rows = [output.history_row(c) for c in json.loads(cli("history", "AD", "--json").stdout)["changes"]]
    amended = next(r for r in rows if r[1] == "changed" and r[3] == SECURITY)
    assert amended[0] == "May 2023" and amended[4] == "amended: — → 20 May 2014"
    assert amended[5] == "Andorra: national cyber policy profile"


def test_an_edit_shows_its_author_and_a_human_date(cli: CliRun, andorra_files: Path, sqlite_url: str) -> None:
    from policyatlas.services.editing import edit_record
    from policyatlas.store.db import make_engine
    from policyatlas.text.dates import human_date

    assert cli("ingest", andorra_files).exit_code == 0
    engine = make_engine(sqlite_url)
    law = next(r for s in get_profile(engine, "AD")["sections"] for r in s["records"] if r["title"] == SECURITY)
    edit_record(engine, law["id"], {"status": "in_force"}, author="ana", comment="checked the gazette")
    engine.dispose()
    edits = [c for c in json.loads(cli("history", "AD", "--json").stdout)["changes"] if c["change"] == "edited"]
    assert [(c["author"], c["date_basis"], c["fields"][0]["to"]) for c in edits] == [("ana", "edited", "in_force")]
    assert RAW_TIME.match(edits[0]["date"])  # JSON keeps the ISO time
    table = cli("history", "AD").stdout
    assert "ana" in table and not RAW_TIME.search(table)
    today = human_date(datetime.now(UTC))  # e.g. "3 December 2026"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", today)
    row = output.history_row(edits[0])
    assert row[0] == f"{today}\nby ana" and row[4] == "status: — → in_force"
    # a known-at date before the edit does not see it
    assert not [c for c in json.loads(cli("history", "AD", "--known-at", "2023", "--json").stdout)["changes"]
                if c["change"] == "edited"]


def test_api_and_portal_follow_the_dates_in_the_address(andorra_files: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from policyatlas.config import Settings
    from policyatlas.store.db import make_engine
    from policyatlas.web.app import create_app

    path = tmp_path / "atlas.db"
    engine = make_engine(f"sqlite:///{path}")
    assert ingest_paths(engine, sorted(andorra_files.iterdir())).ok
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{path}", secret_key="test-secret-key")))
    profile = client.get("/api/countries/AD/profile", params={"in_force_at": "2015"}).json()
    assert titles(profile) == {SECURITY, COMMERCE, REPEALED, CERT} and undated(profile) == {AGENCY, STRATEGY}
    assert client.get("/api/countries/AD/profile", params={"as_of": "2015"}).json() == \
        client.get("/api/countries/AD/profile", params={"known_at": "2015"}).json()
    assert client.get("/api/countries/AD/profile", params={"in_force_at": "later"}).status_code in (400, 422)
    history = client.get("/api/history/AD", params={"known_at": "2015"}).json()
    assert {c["date"] for c in history["changes"]} == {"2012-03"}
    timeline = client.get("/api/timeline", params={"country": "AD", "in_force_at": "2009"}).json()["data"]
    assert {e["title"] for e in timeline} == {SECURITY, REPEALED}
    compare = client.get("/api/compare", params={"countries": "AD", "in_force_at": "2009"}).json()
    assert compare["matrix"]["AD"]["cert"]["value"] == "unknown"
    assessed = client.get("/api/assess/AD", params={"framework": "gci", "in_force_at": "2009"}).json()
    assert assessed["in_force_at"] == "2009"

    page = client.get("/countries/AD", params={"in_force_at": "2015", "known_at": "2023"})
    assert page.status_code == 200
    html = page.text
    assert 'name="in_force_at"' in html and 'value="2015"' in html and 'value="2023"' in html
    assert 'id="undated"' in html and AGENCY in html
    profile_part = html[html.index('id="profile"'):html.index('id="undated"')]
    assert CYBER not in profile_part and COMMERCE in profile_part
    history_part = html[html.index('id="history"'):]
    assert "May 2023" in history_part and CYBER not in history_part  # the history at the same dates
    assert not RAW_TIME.search(html)
    known = client.get("/countries/AD", params={"known_at": "2015"}).text
    assert COMMERCE not in known and "March 2012" in known
    compared = client.get("/compare", params={"countries": "AD", "in_force_at": "2009"})
    assert compared.status_code == 200 and 'value="2009"' in compared.text


def test_seed_mexico_in_force_at_2015_shows_the_laws_dated_before(seed_profile: Path, engine: Engine) -> None:
    assert ingest_paths(engine, [seed_profile]).ok
    profile = get_profile(engine, "MX", in_force_at="2015")
    laws = {r["title"]: r["in_force"]["from"] for s in profile["sections"] for r in s["records"] if r["kind"] == "law"}
    assert {"Ley de Seguridad Nacional", "Código Penal Federal"} <= set(laws)
    assert all(start[:4] <= "2015" for start in laws.values())
    everything = get_profile(engine, "MX")
    later = {r["title"] for s in everything["sections"] for r in s["records"]
             if r["kind"] == "law" and (r["in_force"]["from"] or "0")[:4] > "2015"}
    assert later and not later & set(laws)  # Ley Fintech (2018) and the others after 2015 are left out
    assert undated(profile)  # undated items are shown apart, never assumed
    with pytest.raises(NotFoundError):  # the profile was published in November 2021
        get_profile(engine, "MX", known_at="2015")


def test_record_page_shows_each_edit_before_and_after_with_a_human_date(andorra: Engine) -> None:
    from fastapi.testclient import TestClient

    from policyatlas.config import Settings
    from policyatlas.services.editing import edit_record
    from policyatlas.text.dates import human_date
    from policyatlas.web.app import create_app

    law = next(r for s in get_profile(andorra, "AD")["sections"] for r in s["records"] if r["title"] == SECURITY)
    edit_record(andorra, law["id"], {"status": "in_force"}, author="ana", comment="checked the gazette")
    url = andorra.url.render_as_string(hide_password=False)
    client = TestClient(create_app(Settings(database_url=url, secret_key="test-secret-key")))
    html = client.get(f"/records/{law['id']}").text
    assert f"by ana, {human_date(datetime.now(UTC))}" in html and not RAW_TIME.search(html)
    assert re.search(r'class="before">—</span> → <span class="after">in_force<', html)
    country = client.get("/countries/AD").text
    history = country[country.index('id="history"'):]
    assert "by ana" in history and "in_force" in history and not RAW_TIME.search(country)


def test_portal_names_the_date_it_cannot_read(andorra_files: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from policyatlas.config import Settings
    from policyatlas.store.db import make_engine
    from policyatlas.web.app import create_app

    path = tmp_path / "atlas.db"
    engine = make_engine(f"sqlite:///{path}")
    assert ingest_paths(engine, sorted(andorra_files.iterdir())).ok
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{path}", secret_key="test-secret-key")))
    page = client.get("/countries/AD", params={"in_force_at": "someday"})
    assert page.status_code in (400, 422) and "in_force_at" in page.text
    assert client.get("/countries/AD", params={"in_force_at": "", "known_at": ""}).status_code == 200
