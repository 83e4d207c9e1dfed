"""The two time axes (in force at / known at) on a fictional country's profile in two versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.model.fact_dates import fact_period, in_force, repeal_date
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.profile import get_profile

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
