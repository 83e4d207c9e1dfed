"""Tests for the policy-document date normaliser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyatlas.model.dates import DateLine, FuzzyDate, parse_date, parse_date_line

ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def day(value: str, end: str | None = None) -> FuzzyDate:
    return FuzzyDate(value, "day", end)


def month(value: str, end: str | None = None) -> FuzzyDate:
    return FuzzyDate(value, "month", end)


def year(value: str, end: str | None = None) -> FuzzyDate:
    return FuzzyDate(value, "year", end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 September 2021", day("2021-09-06")),
        ("31 January 2005", day("2005-01-31")),
        ("  6 September 2021.  ", day("2021-09-06")),
        ("29 February 2024", day("2024-02-29")),
        ("12th August 2014", day("2014-08-12")),
        ("1st June 2010", day("2010-06-01")),
        ("22nd March 2019", day("2019-03-22")),
        ("3rd May 2018", day("2018-05-03")),
        ("the 5th of May 2020", day("2020-05-05")),
        ("August 12, 2014", day("2014-08-12")),
        ("October 12, 2023", day("2023-10-12")),
        ("August 12th, 2014", day("2014-08-12")),
        ("2021-09-06", day("2021-09-06")),
    ],
)
def test_parse_date_day_precision(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2020", month("2020-03")),
        ("April 2021", month("2021-04")),
        ("November 2021", month("2021-11")),
        ("2021-09", month("2021-09")),
        ("Sept. 2021", month("2021-09")),
        ("Sep 2021", month("2021-09")),
        ("Dec 2017", month("2017-12")),
        ("dec. 2017", month("2017-12")),
        ("MARCH 2020", month("2020-03")),
        ("March, 2020", month("2020-03")),
    ],
)
def test_parse_date_month_precision(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2010", year("2010")), ("1900", year("1900")), ("2100", year("2100"))],
)
def test_parse_date_year_precision(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 de marzo de 2024", day("2024-03-03")),
        ("marzo de 2020", month("2020-03")),
        ("marzo del 2020", month("2020-03")),
        ("1 de septiembre de 2021", day("2021-09-01")),
        ("1 de setiembre de 2021", day("2021-09-01")),
        ("Febrero 2020", month("2020-02")),
        ("15 de Febrero de 2019", day("2019-02-15")),
        ("1º de marzo de 2020", day("2020-03-01")),
        ("2 de DICIEMBRE de 2017", day("2017-12-02")),
    ],
)
def test_parse_date_spanish(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 août 2014", day("2014-08-12")),
        ("12 aout 2014", day("2014-08-12")),
        ("mars 2020", month("2020-03")),
        ("1er juin 2010", day("2010-06-01")),
        ("3 février 2019", day("2019-02-03")),
        ("Décembre 2017", month("2017-12")),
    ],
)
def test_parse_date_french(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 de março de 2024", day("2024-03-03")),
        ("setembro de 2021", month("2021-09")),
        ("12 de dezembro de 2017", day("2017-12-12")),
        ("fevereiro 2020", month("2020-02")),
        ("1 de outubro de 2019", day("2019-10-01")),
    ],
)
def test_parse_date_portuguese(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22-03-2024", day("2024-03-22")),
        ("06/09/2021", day("2021-09-06")),
        ("6/9/2021", day("2021-09-06")),
        ("06.09.2021", day("2021-09-06")),
        ("31/12/2020", day("2020-12-31")),
    ],
)
def test_parse_date_numeric_day_first(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31-02-2024", "13/13/2021", "32/01/2021", "06/09-2021", "2021-13", "2021-02-30"]
)
def test_parse_date_numeric_impossible_is_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019/2021", year("2019", "2021")),
        ("2014/2015", year("2014", "2015")),
        ("2019/2020", year("2019", "2020")),
        ("2019-2021", year("2019", "2021")),
        ("2014 – 2015", year("2014", "2015")),
        ("2014 — 2015", year("2014", "2015")),
        ("2019 to 2021", year("2019", "2021")),
        ("de 2019 a 2021", year("2019", "2021")),
    ],
)
def test_parse_date_year_range(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5-7 December 2017", day("2017-12-05", "2017-12-07")),
        ("11-13 September 2017", day("2017-09-11", "2017-09-13")),
        ("18-21 April 2017", day("2017-04-18", "2017-04-21")),
        ("5–7 December 2017", day("2017-12-05", "2017-12-07")),
        ("5—7 December 2017", day("2017-12-05", "2017-12-07")),
        ("5 - 7 December 2017", day("2017-12-05", "2017-12-07")),
        ("5 to 7 December 2017", day("2017-12-05", "2017-12-07")),
        ("December 5-7, 2017", day("2017-12-05", "2017-12-07")),
        ("del 5 al 7 de diciembre de 2017", day("2017-12-05", "2017-12-07")),
    ],
)
def test_parse_date_day_range_same_month(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 November - 2 December 2017", day("2017-11-30", "2017-12-02")),
        ("30 November – 2 December 2017", day("2017-11-30", "2017-12-02")),
        ("November 30 - December 2, 2017", day("2017-11-30", "2017-12-02")),
        ("30 December 2017 - 2 January 2018", day("2017-12-30", "2018-01-02")),
        ("2021-09-06 - 2021-09-08", day("2021-09-06", "2021-09-08")),
    ],
)
def test_parse_date_day_range_across_months(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 2017 - January 2018", month("2017-12", "2018-01")),
        ("December 2017 to January 2018", month("2017-12", "2018-01")),
        ("March - April 2020", month("2020-03", "2020-04")),
        ("marzo a abril de 2020", month("2020-03", "2020-04")),
        ("2010 - March 2012", year("2010", "2012-03")),
    ],
)
def test_parse_date_month_range(text: str, expected: FuzzyDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Government of Mexico",
        "31 February 2020",
        "30 February 2021",
        "2021 was a year",
        "Responsible for protecting critical infrastructure",
        "13 strategic objectives",
        "1899",
        "2101",
        "0999",
        "21",
        "19/20",
        "2014/15",
        "March",
        "7 December",
        "December 7",
        "Smarch 2020",
        "2021/2019",
        "2019/2019",
        "7-5 December 2017",
        "January 2018 - December 2017",
        "5 - December 2017",
        "March - 2020",
        "2019/2020/2021",
        "6 September 2021 (amended)",
    ],
)
def test_parse_date_not_a_date_is_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 September 2021", DateLine((day("2021-09-06"),), (), None)),
        (
            "31 January 2005 (amended 20 May 2021)",
            DateLine((day("2005-01-31"),), (day("2021-05-20"),), None),
        ),
        ("6 March 2014 (amended)", DateLine((day("2014-03-06"),), (FuzzyDate(None, None),), None)),
        ("16 April 2015 (Member since)", DateLine((day("2015-04-16"),), (), "Member since")),
        (
            "9 October 2020 (Sixth National Cybersecurity Week)",
            DateLine((day("2020-10-09"),), (), "Sixth National Cybersecurity Week"),
        ),
        (
            "2004, 2014/2015, 2016/2017, 2019/2021",
            DateLine(
                (year("2004"), year("2014", "2015"), year("2016", "2017"), year("2019", "2021")),
                (),
                None,
            ),
        ),
        ("2010 (amended 2018, 2021)", DateLine((year("2010"),), (year("2018"), year("2021")), None)),
        ("2010 (amended in 2018)", DateLine((year("2010"),), (year("2018"),), None)),
        ("2010 (amended on 20 May 2021)", DateLine((year("2010"),), (day("2021-05-20"),), None)),
        ("2010 (Amended: 2018 and 2021)", DateLine((year("2010"),), (year("2018"), year("2021")), None)),
        ("5 de mayo de 2019 (modificado en 2021)", DateLine((day("2019-05-05"),), (year("2021"),), None)),
        ("5-7 December 2017", DateLine((day("2017-12-05", "2017-12-07"),), (), None)),
        (
            "August 12, 2014, October 12, 2023",
            DateLine((day("2014-08-12"), day("2023-10-12")), (), None),
        ),
        ("2018 and 2021", DateLine((year("2018"), year("2021")), (), None)),
        ("2019: mid-term review", DateLine((year("2019"),), (), "mid-term review")),
        ("2019 – Review published", DateLine((year("2019"),), (), "Review published")),
        ("2019/2021 – Review", DateLine((year("2019", "2021"),), (), "Review")),
        (
            "2019 (amended) (Member since)",
            DateLine((year("2019"),), (FuzzyDate.unknown(),), "Member since"),
        ),
        (
            "2019 (amended by Decree 5/2020)",
            DateLine((year("2019"),), (FuzzyDate.unknown(),), "amended by Decree 5/2020"),
        ),
        ("2021, Government of Mexico", DateLine((year("2021"),), (), "Government of Mexico")),
        ("2019 (draft) published online", DateLine((year("2019"),), (), "draft; published online")),
        ("2019 (amended 2021", DateLine((year("2019"),), (year("2021"),), None)),
        ("- 30 November - 2 December 2017", DateLine((day("2017-11-30", "2017-12-02"),), (), None)),
    ],
)
def test_parse_date_line(text: str, expected: DateLine) -> None:
    assert parse_date_line(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Government of Mexico",
        "Responsible for protecting critical infrastructure",
        "13 strategic objectives",
        "2021 was a year",
        "31 February 2020",
        "(amended 2021)",
        "2019)",
        "2019 2021",
    ],
)
def test_parse_date_line_not_a_date_line_is_none(text: str) -> None:
    assert parse_date_line(text) is None


@pytest.mark.parametrize(
    "date",
    [
        day("2021-09-06"),
        month("2020-03"),
        year("2010"),
        year("2019", "2021"),
        day("2017-11-30", "2017-12-02"),
        year("2010", "2012-03"),
        FuzzyDate.unknown(),
    ],
)
def test_fuzzy_date_json_round_trip(date: FuzzyDate) -> None:
    data = date.to_json()
    assert set(data) == {"value", "precision", "end"}
    assert FuzzyDate.from_json(data) == date


def test_fuzzy_date_to_json_shape() -> None:
    assert year("2019", "2021").to_json() == {"value": "2019", "precision": "year", "end": "2021"}
    assert FuzzyDate.unknown().to_json() == {"value": None, "precision": None, "end": None}


def test_fuzzy_date_from_json_end_is_optional() -> None:
    assert FuzzyDate.from_json({"value": "2021-09", "precision": "month"}) == month("2021-09")


@pytest.mark.parametrize(
    "data",
    [
        {"value": "2021", "precision": "month", "end": None},
        {"value": "2021-09-06", "precision": "month", "end": None},
        {"value": "2021-09", "precision": "day", "end": None},
        {"value": "2021", "precision": "decade", "end": None},
        {"value": "2021", "precision": None, "end": None},
        {"value": None, "precision": "year", "end": None},
        {"value": None, "precision": None, "end": "2021"},
        {"value": "2021-02-30", "precision": "day", "end": None},
        {"value": "21", "precision": "year", "end": None},
        {"value": "2021-9", "precision": "month", "end": None},
        {"value": 2021, "precision": "year", "end": None},
        {"value": "2021", "precision": "year", "end": "2019"},
        {"value": "2021", "precision": "year", "end": "2021"},
        {"value": "2021", "precision": "year", "end": "soon"},
        {"value": "2021", "precision": "year", "end": None, "extra": 1},
        {"precision": "year"},
        {"value": "2021"},
    ],
)
def test_fuzzy_date_from_json_rejects_bad_data(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        FuzzyDate.from_json(data)


def test_fuzzy_date_constructor_validates() -> None:
    with pytest.raises(ValueError):
        FuzzyDate("2021-09", "year")


def test_fuzzy_date_unknown_and_sort_key() -> None:
    unknown = FuzzyDate.unknown()
    assert unknown == FuzzyDate(None, None)
    assert unknown.sort_key == ""
    dates = [day("2021-09-06"), unknown, year("2010"), month("2020-03")]
    assert [d.sort_key for d in sorted(dates, key=lambda d: d.sort_key)] == [
        "",
        "2010",
        "2020-03",
        "2021-09-06",
    ]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_date_english_day_month_year_property(d: dt.date) -> None:
    result = parse_date(f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}")
    assert result == FuzzyDate(d.isoformat(), "day")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_date_numeric_day_first_property(d: dt.date) -> None:
    assert parse_date(f"{d.day:02d}/{d.month:02d}/{d.year}") == FuzzyDate(d.isoformat(), "day")
