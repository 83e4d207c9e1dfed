"""The command line end to end: ingest, countries, profile, records, sources, formats, db, help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policyatlas.cli.app import app
from policyatlas.model.record import PROFILE_SECTIONS
from tests.conftest import CliRun

RECORD_FIELDS = {"id", "entity", "country", "kind", "section", "title", "title_en", "date", "amended", "actors",
                 "description", "points", "links", "provenance", "status"}


def test_cli_ingest_json_report(cli: CliRun, seed_profile: Path) -> None:
    result = cli("ingest", seed_profile, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["imported"] == 1 and report["unchanged"] == 0 and report["errors"] == 0
    (file,) = report["files"]
    assert set(file) >= {"path", "status", "source", "records", "error"}
    assert (file["status"], file["records"], file["error"]) == ("imported", 30, None)
    again = json.loads(cli("ingest", seed_profile, "--json").stdout)
    assert again["files"][0]["status"] == "unchanged" and again["unchanged"] == 1


def test_cli_ingest_bad_file_exit_1_one_line_error(cli: CliRun, tmp_path: Path, seed_profile: Path) -> None:
    bad = tmp_path / "blob.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = cli("ingest", bad, seed_profile, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["status"] for f in report["files"]] == ["error", "imported"] and report["errors"] == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and str(bad) in errors[0] and "binary" in errors[0]


def test_cli_ingest_missing_file(cli: CliRun, tmp_path: Path) -> None:
    result = cli("ingest", tmp_path / "nope.txt")
    assert result.exit_code == 1 and "nope.txt" in result.stderr and "cannot read" in result.stderr


def test_cli_ingest_format_override_and_unknown_format(cli: CliRun, seed_profile: Path, seed_article: Path) -> None:
    assert cli("ingest", "--format", "no-such-format", seed_profile).exit_code == 2
    forced = cli("ingest", "--format", "country-profile", seed_article, "--json")
    assert forced.exit_code == 1
    assert "not a portal country profile" in json.loads(forced.stdout)["files"][0]["error"]
    assert cli("ingest", "--format", "country-profile", seed_profile).exit_code == 0


def test_cli_records_json_contract(cli: CliRun, seed_profile: Path) -> None:
    cli("ingest", seed_profile)
    result = cli("records", "--country", "MX", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 30
    for row in rows:
        assert RECORD_FIELDS <= set(row)
        assert row["country"] == "MX"
        assert set(row["provenance"]) >= {"source", "line_start", "line_end"}
        for date in [row["date"], *row["amended"]]:
            if date is not None:
                assert set(date) >= {"value", "precision", "end"}
    laws = json.loads(cli("records", "--country", "mexico", "--kind", "law", "--json").stdout)
    assert [r["title_en"] for r in laws] == [
        "Law on National Security", "Law to Regulate the Financial Technology Institutions",
        "Federal Penal Code", "Law on the Protection of Private Personal Data"]
    assert laws[2]["amended"] == [{"value": None, "precision": None, "end": None}]
    assert laws[0]["date"] == {"value": "2005-01-31", "precision": "day", "end": None}


def test_cli_profile_sections_in_portal_order(cli: CliRun, seed_profile: Path) -> None:
    cli("ingest", seed_profile)
    data = json.loads(cli("profile", "MX", "--json").stdout)
    assert data["country"]["code"] == "MX" and data["as_of"] == "2021-11"
    assert [s["name"] for s in data["sections"]] == list(PROFILE_SECTIONS)
    assert sum(len(s["records"]) for s in data["sections"]) == 30
    human = cli("profile", "MX")
    assert human.exit_code == 0
    positions = [human.stdout.index(name) for name in PROFILE_SECTIONS]
    assert positions == sorted(positions)
    assert "CERT-MX" in human.stdout


def test_cli_profile_unknown_country_is_one_line_error(cli: CliRun) -> None:
    result = cli("profile", "Atlantis")
    assert result.exit_code == 1 and "unknown country 'Atlantis'" in result.stderr
    empty = cli("profile", "BR")
    assert empty.exit_code == 1 and "no records about BR" in empty.stderr


def test_cli_countries_and_sources(cli: CliRun, seed_profile: Path) -> None:
    assert json.loads(cli("countries", "--json").stdout) == []
    cli("ingest", seed_profile)
    countries = json.loads(cli("countries", "--json").stdout)
    assert [(c["code"], c["name"], c["records"], c["sources"]) for c in countries] == [("MX", "Mexico", 30, 1)]
    (source,) = json.loads(cli("sources", "--json").stdout)
    assert source["format"] == "country-profile" and source["file"] == seed_profile.name
    assert source["country"] == "MX" and source["language"] == "en" and source["records"] == 30
    assert source["date"] == {"value": "2021-11", "precision": "month", "end": None}
    assert "Mexico" in cli("countries").stdout and source["id"] in cli("sources").stdout


def test_cli_db_upgrade_and_current(cli: CliRun) -> None:
    first = cli("db", "upgrade")
    assert first.exit_code == 0 and "migrated" in first.stdout
    assert "already up to date" in cli("db", "upgrade").stdout
    current = cli("db", "current").stdout
    assert "current: " in current and current.split("current: ")[1].split(";")[0] == current.split("head: ")[1].strip()


def test_cli_formats_lists_parsers(cli: CliRun) -> None:
    kinds = {row["format"] for row in json.loads(cli("formats", "--json").stdout)}
    assert {"country-profile", "atlas-dataset"} <= kinds


def _commands() -> list[list[str]]:
    group = app
    import typer.main

    click_group = typer.main.get_command(group)
    names: list[list[str]] = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.extend([[name, s] for s in sub] if sub else [[name]])
    return names


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_cli_every_command_has_help_with_example(cli: CliRun, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_cli_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "policyatlas"
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "Example:" in result.stdout
