"""Everything the CLI prints: Rich tables for people, stable JSON for scripts, one-line errors."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    console: Console
    err_console: Console


def __getattr__(name: str) -> Any:
    """``console`` and ``err_console``, made on first use (Rich is imported only when something is printed
    with it: ``--help`` and ``--json`` never need it)."""
    if name in ("console", "err_console"):
        from rich.console import Console

        made = Console(stderr=name == "err_console")
        globals()[name] = made
        return made
    raise AttributeError(name)


def escape(text: str) -> str:
    """Text made safe to print as Rich markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_json(data: Any) -> None:
    """Print JSON (UTF-8, indented, keys in a stable order) on standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_text(text: str) -> None:
    """Text as it is on standard output (an export: GraphML, DOT…)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_csv(header: list[str], rows: list[list[Any]]) -> None:
    """CSV on standard output (for spreadsheets)."""
    writer = csv.writer(sys.stdout)
    writer.writerow(header)
    writer.writerows(rows)


def print_error(message: str) -> None:
    """One line on standard error, without Rich markup interpretation."""
    __getattr__("err_console").print(f"[red]error:[/red] {escape(message)}", soft_wrap=True, highlight=False)


def print_table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    """A Rich table; every cell is shown as text (never as markup)."""
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for index, column in enumerate(columns):
        table.add_column(column, overflow="fold", no_wrap=index == 0)  # ids stay whole, to copy
    for row in rows:
        table.add_row(*(escape("" if cell is None else str(cell)) for cell in row))
    __getattr__("console").print(table)


def short(value: Any, limit: int = 80) -> str:
    """A field value on one line for a table cell (JSON for lists and mappings, cut to ``limit``)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_date(date: dict[str, Any] | None) -> str:
    """A JSON date (value, precision, end) as a person reads it: ``2017-12-05 – 2017-12-07``."""
    if not date:
        return ""
    if date.get("value") is None:
        return "unknown date"
    text = str(date["value"])
    return f"{text} – {date['end']}" if date.get("end") else text


def _records_table(title: str, records: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold", expand=True)
    for column in ("Kind", "Title", "Date", "Actors", "Details"):
        table.add_column(column, overflow="fold")
    for record in records:
        title_text = record["title"] + (f"\n({record['title_en']})" if record.get("title_en") else "")
        if record.get("acronym"):
            title_text += f" [{record['acronym']}]"
        dates = ", ".join(format_date(d) for d in record.get("dates", [])) or ""
        for amended in record.get("amended", []):
            dates += f"\namended {format_date(amended)}"
        if record.get("date_note"):
            dates += f"\n({record['date_note']})"
        actors = "\n".join(f"{a['name']} ({a['role']})" for a in record.get("actors", []))
        details = record.get("description") or ""
        points = "\n".join(f"• {p}" for p in record.get("points", []))
        details = "\n".join(x for x in (details, points) if x)
        table.add_row(*(escape(x) for x in (record["kind"], title_text, dates.strip(), actors, details)))
    return table


def history_row(change: dict[str, Any]) -> list[str]:
    """One change of a history as a table row: the date as a person reads it ("undated" when its source
    gives none; an edit's day with its author), the change, the record, each field before → after, and
    the source (title, publisher, link)."""
    from policyatlas.text.dates import human_date, readable_value

    if change["change"] == "edited":
        when = f"{human_date(change['date'])}\nby {change.get('author')}"
    else:
        when = human_date(change["date"]) if change.get("date") else "undated"
    fields = "\n".join(f"{f['field']}: {short(readable_value(f['from']), 60)} → {short(readable_value(f['to']), 60)}"
                       for f in change["fields"])
    source = " · ".join(x for x in (change.get("source_title") or change["file"], change.get("source_publisher"),
                                    change.get("source_url")) if x)
    return [when, change["change"], change["kind"], change["title"], fields, source]


def print_profile(profile: dict[str, Any]) -> None:
    """A country profile as sections of tables, in the portal's order (with --in-force-at, the undated
    facts last, apart)."""
    console = __getattr__("console")
    country = profile["country"]
    axes = [f"{label} {profile[key]}" for key, label in (("in_force_at", "in force at"), ("known_at", "known at"))
            if profile.get(key)]
    console.print(f"[bold]{escape(country.get('name', country['code']))} ({country['code']})[/bold]"
                  f"  as of {escape(str(profile.get('as_of') or 'unknown'))}"
                  + (f"  ({escape(', '.join(axes))})" if axes else ""))
    for section in profile["sections"]:
        if section["records"]:
            console.print(_records_table(section["name"], section["records"]))
    if profile.get("undated"):
        console.print(_records_table(f"Undated (not known to have existed at {profile['in_force_at']})",
                                     profile["undated"]))
    for note in profile.get("disagreements", []):
        console.print(f"[yellow]Sources differ on the {escape(note['topic'])}:[/yellow] shown "
                      f"{escape('; '.join(note['shown']))} ({escape(note['shown_date'] or 'undated')}); "
                      f"{escape(note['other_file'])} ({escape(note['other_date'] or 'undated')}) "
                      f"names {escape(note['other'])}")
