"""Properties of the date normaliser (Hypothesis): it never raises and never takes long on any text, what
it returns is always a valid date, and every way of writing a date it knows reads back as that date."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policyatlas.model.dates import FuzzyDate, parse_date, parse_date_line

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
}
#: Text that looks like dates and date lines: digits, month words, separators, parentheses, noise.
DATEISH = st.lists(st.one_of(
    st.integers(0, 3000).map(str), st.sampled_from([m for ms in MONTHS.values() for m in ms]),
    st.sampled_from(["-", "/", ".", ",", ";", " ", "–", "(", ")", "de", "and", "y", "to", "amended", "from", "the",
                     "1st", "2nd", "31st", "late", "early", "mid", "Q1", "'"]),
    st.text(max_size=3)), max_size=30).map(" ".join)
FAST = settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])


def _valid(date: FuzzyDate | None) -> None:
    if date is None:
        return
    FuzzyDate.from_json(date.to_json())  # re-validates value, precision and end
    assert date.value is not None and 1900 <= int(date.value[:4]) <= 2100
    if date.end is not None:
        assert date.end > date.value[: len(date.end)] or date.end[:4] > date.value[:4]


@FAST
@given(st.one_of(st.text(max_size=300), DATEISH))
@example("2019/2021")
@example("5-7 December 2017")
@example("1" * 5000)
@example("31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 2020")
def test_dates_parse_date_never_raises_and_returns_valid_dates(text: str) -> None:
    _valid(parse_date(text))


@FAST
@given(st.one_of(st.text(max_size=300), DATEISH))
@example("(" * 2000)
@example("2004, 2014/2015 and 2019 (amended 20 May 2021) (" + "x" * 3000)
@example(", ".join(["2004"] * 400))
def test_dates_parse_date_line_never_raises_and_returns_valid_dates(text: str) -> None:
    line = parse_date_line(text)
    if line is not None:
        for date in (*line.dates, *line.amended):
            _valid(date)


@FAST
@given(DATES, st.sampled_from(sorted(MONTHS)))
def test_dates_written_out_read_back_in_every_language(date: dt.date, language: str) -> None:
    month = MONTHS[language][date.month - 1]
    middle = {"en": " ", "es": " de ", "fr": " ", "pt": " de "}[language]
    tail = {"en": " ", "es": " de ", "fr": " ", "pt": " de "}[language]
    text = f"{date.day}{middle}{month}{tail}{date.year}"
    assert parse_date(text) == FuzzyDate(date.isoformat(), "day"), text
    assert parse_date(f"{month}{tail}{date.year}") == FuzzyDate(date.isoformat()[:7], "month")


@FAST
@given(DATES)
def test_dates_iso_and_numeric_forms_read_back(date: dt.date) -> None:
    assert parse_date(date.isoformat()) == FuzzyDate(date.isoformat(), "day")
    assert parse_date(date.isoformat()[:7]) == FuzzyDate(date.isoformat()[:7], "month")
    assert parse_date(str(date.year)) == FuzzyDate(str(date.year), "year")
    assert parse_date(f"{date.day:02d}/{date.month:02d}/{date.year}") == FuzzyDate(date.isoformat(), "day")
    assert parse_date(f"  {date.isoformat()}.  ") == FuzzyDate(date.isoformat(), "day")


@FAST
@given(st.integers(1900, 2099), st.integers(1, 50))
def test_dates_year_ranges_end_after_they_start(start: int, length: int) -> None:
    end = min(start + length, 2100)
    found = parse_date(f"{start}/{end}")
    if end > start:
        assert found == FuzzyDate(str(start), "year", str(end))
    assert parse_date(f"{end}/{start}") is None or end == start  # a range never ends before it starts


@FAST
@given(st.one_of(st.text(max_size=200), DATEISH))
def test_dates_a_date_found_reads_back_from_its_own_value(text: str) -> None:
    found = parse_date(text)
    if found is not None and found.value is not None:
        again = parse_date(found.value)
        assert again is not None and (again.value, again.precision) == (found.value, found.precision)


#: Lines that made the list search quadratic before it was bounded (each took from 7 s to minutes).
HOSTILE_LINES = ["2004, " * 20000, "x, " + "2004, " * 330, "x, " + "2004, " * 82, "1-" * 50000,
                 "x; " + "1 May 2004, " * 40, ", ".join(["31 de diciembre de 2004"] * 5000)]


@pytest.mark.parametrize("text", HOSTILE_LINES, ids=lambda t: f"{t[:12]}…{len(t)}")
def test_dates_hostile_lines_take_no_time(text: str) -> None:
    started = time.perf_counter()
    parse_date_line(text)
    parse_date(text)
    assert time.perf_counter() - started < 5  # a regression guard (was 7 s to minutes), not a speed target


def test_dates_long_lines_are_not_dates_but_padding_is_ignored() -> None:
    assert parse_date_line("2004, " * 200) is None and parse_date("2004 " * 100) is None
    assert parse_date(" " * 400 + "5 May 2020" + " " * 400) == FuzzyDate("2020-05-05", "day")
