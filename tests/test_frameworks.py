"""Framework files: the built-in ones load, errors name file, line and reason, keywords match as documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policyatlas.errors import ParseError
from policyatlas.frameworks.assess import crosswalk_pairs, keyword_pattern
from policyatlas.frameworks.loader import BUILTIN_DIR, builtin_frameworks, load_framework, load_framework_text
from policyatlas.model.record import EXTENDED_KINDS, KINDS
from policyatlas.text.titles import fold
from tests.conftest import CliRun, need_shared

MINIMAL = """\
format: policyatlas-framework
id: mini
name: Mini framework
version: 1
pillars:
  - {id: legal, name: Legal}
  - {id: technical, name: Technical}
indicators:
  - id: legal.cybercrime
    pillar: legal
    name: Cybercrime law
    evidence:
      kinds: [law]
      keywords: [cybercrime, delitos informaticos]
  - id: technical.cert
    pillar: technical
    name: National CERT
    evidence:
      kinds: [cert]
"""


def _error(text: str, name: str = "mini.yaml", **kwargs: object) -> ParseError:
    with pytest.raises(ParseError) as caught:
        load_framework_text(text, name, **kwargs)  # type: ignore[arg-type]
    return caught.value


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_loader_minimal_framework_defaults() -> None:
    framework = load_framework_text(MINIMAL, "mini.yaml")
    assert (framework.id, framework.version, [p.id for p in framework.pillars]) == ("mini", "1", ["legal", "technical"])
    indicator = framework.indicators[0]
    assert len(indicator.evidence) == 1 and indicator.evidence[0].kinds == ["law"]
    rules = framework.rules_for(indicator)
    assert rules.met and rules.met.statuses == ["in_force", "exists", None]
    assert rules.partly and rules.partly.statuses == ["in_progress"]
    assert rules.not_met and rules.not_met.statuses == ["absent"]
    assert framework.scoring.values.met == 1.0 and framework.scoring.values.partly == 0.5


def test_loader_unknown_kind_names_file_line_and_path() -> None:
    text = MINIMAL.replace("kinds: [law]", "kinds: [lawz]")
    error = _error(text, "gci.yaml")
    line = _line_of(text, "lawz")
    assert str(error) == f"gci.yaml:{line}: indicators.0.evidence.kinds: unknown record kind 'lawz'"
    assert (error.path, error.line) == ("gci.yaml", line)


def test_loader_unknown_kind_in_a_list_of_alternatives() -> None:
    text = MINIMAL.replace("      kinds: [cert]", "      - kinds: [cert]\n      - kinds: [certz]")
    error = _error(text)
    assert str(error) == f"mini.yaml:{_line_of(text, 'certz')}: indicators.1.evidence.1.kinds: unknown record kind 'certz'"


def test_loader_bad_yaml_gives_its_line() -> None:
    text = MINIMAL.replace("    name: National CERT", "    name: [National CERT")
    error = _error(text)
    assert error.path == "mini.yaml" and error.line is not None and error.line >= _line_of(text, "[National CERT")
    assert "invalid YAML" in str(error) and str(error).startswith(f"mini.yaml:{error.line}: ")
    assert "\n" not in str(error)


def test_loader_duplicate_indicator_id() -> None:
    text = MINIMAL.replace("id: technical.cert", "id: legal.cybercrime")
    error = _error(text)
    first, second = _line_of(text, "id: legal.cybercrime"), _line_of(text, "id: legal.cybercrime", 2)
    assert str(error) == (f"mini.yaml:{second}: indicators.1.id: duplicate indicator id 'legal.cybercrime' "
                          f"(first at line {first})")


def test_loader_indicator_without_pillar() -> None:
    text = MINIMAL.replace("    pillar: technical\n", "")
    error = _error(text)
    assert str(error) == f"mini.yaml:{_line_of(text, 'id: technical.cert')}: indicators.1.pillar: Field required"


def test_loader_indicator_in_undeclared_pillar() -> None:
    text = MINIMAL.replace("    pillar: technical\n", "    pillar: tecnical\n")
    error = _error(text)
    assert str(error) == (f"mini.yaml:{_line_of(text, 'pillar: tecnical')}: indicators.1.pillar: unknown pillar "
                          "'tecnical' (pillars: legal, technical)")


def test_loader_pillar_without_indicators() -> None:
    text = MINIMAL.replace("  - {id: technical, name: Technical}", "  - {id: technical, name: Technical}\n"
                                                                   "  - {id: organisational, name: Organisational}")
    error = _error(text)
    line = _line_of(text, "organisational")
    assert str(error) == f"mini.yaml:{line}: pillars.2: pillar 'organisational' has no indicators"


@pytest.mark.parametrize(("target", "reason"), [
    ("ncsi", "crosswalk target 'ncsi' is not framework:indicator"),
    ("ncsi:99.9", "crosswalk target 'ncsi:99.9': framework 'ncsi' has no indicator '99.9'"),
    ("cmmz:D1.1", "crosswalk target 'cmmz:D1.1': unknown framework 'cmmz' (declare it under references)"),
    ("mini:technical.cert", "crosswalk target 'mini:technical.cert' is in this framework itself"),
])
def test_loader_bad_crosswalk_target(target: str, reason: str) -> None:
    crosswalk = f"    crosswalk: [gci:technical.cert, '{target}']\n"
    text = MINIMAL.replace("      kinds: [cert]\n", "      kinds: [cert]\n" + crosswalk)
    error = _error(text, known=builtin_frameworks())
    assert str(error) == f"mini.yaml:{_line_of(text, 'crosswalk:')}: indicators.1.crosswalk.1: {reason}"


def test_loader_crosswalk_to_a_declared_reference_is_accepted() -> None:
    text = MINIMAL.replace("pillars:", "references:\n  - {id: cmm, name: Oxford CMM}\npillars:").replace(
        "      kinds: [cert]\n", "      kinds: [cert]\n    crosswalk: [gci:technical.cert, 'cmm:D1.2', ncsi:9.1]\n")
    framework = load_framework_text(text, "mini.yaml", builtin_frameworks())
    assert framework.indicators[1].crosswalk == ["gci:technical.cert", "cmm:D1.2", "ncsi:9.1"]


@pytest.mark.parametrize(("change", "needle", "reason"), [
    (("version: 1", "version: 1.10"), "version:", "version: 1.1 is read as a number: write it in quotes"),
    (("format: policyatlas-framework", "format: something-else"), "format:", "format: expected 'policyatlas-framework'"),
    (("      kinds: [cert]", "      kinds: [cert]\n      statuses: [existing]"), "existing",
     "indicators.1.evidence.statuses: unknown status 'existing' (known: in_force, exists, in_progress, absent or null)"),
    (("      kinds: [cert]", "      kinds: [cert]\n      colour: red"), "colour",
     "indicators.1.evidence.colour: Extra inputs are not permitted"),
    (("  - {id: legal, name: Legal}", "  - {id: legal, name: Legal}\n  - {id: legal, name: Again}"), "Again",
     "pillars.1.id: duplicate pillar id 'legal' (first at line 6)"),
    (("    name: National CERT", "    name: National CERT\n    name: CERT"), "name: CERT",
     "indicators.1.name: duplicate key 'name'"),
])
def test_loader_schema_errors(change: tuple[str, str], needle: str, reason: str) -> None:
    text = MINIMAL.replace(*change)
    assert str(_error(text)) == f"mini.yaml:{_line_of(text, needle)}: {reason}"


def test_loader_reserved_id() -> None:
    text = MINIMAL.replace("id: mini", "id: gci")
    assert str(_error(text, reserved={"gci"})) == "mini.yaml:2: id: 'gci' is the id of a built-in framework: choose another"


def test_loader_json_file_and_json_error(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(MINIMAL)
    good = tmp_path / "mini.json"
    good.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert load_framework(good).id == "mini"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, indent=2).replace('"pillar": "legal",', '"pillar": "legal"'), encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        load_framework(bad)
    assert caught.value.path == str(bad) and caught.value.line and "invalid YAML" in caught.value.message


def test_builtin_frameworks_all_load() -> None:
    frameworks = builtin_frameworks()
    assert set(frameworks) == {"gci", "ncsi", "ai-readiness"}
    assert {p.stem for p in BUILTIN_DIR.glob("*.yaml")} == set(frameworks)
    for framework in frameworks.values():
        for indicator in framework.indicators:
            assert indicator.evidence and all(set(e.kinds) <= set(KINDS + EXTENDED_KINDS) for e in indicator.evidence)


def test_builtin_gci_is_our_checklist_after_the_five_itu_pillars() -> None:
    gci = builtin_frameworks()["gci"]
    assert [p.id for p in gci.pillars] == ["legal", "technical", "organisational", "capacity_development", "cooperation"]
    assert gci.name == "GCI-style checklist (PolicyAtlas, after ITU GCI 2020)"
    assert gci.published is not None and gci.published.index == "gci" and gci.scoring.min_coverage == 0.5
    assert gci.scoring.values.unknown is None  # unknown is never scored as 0
    # our own levels, never ITU's tier names
    assert [t.min for t in gci.scoring.tiers] == [0.95, 0.85, 0.55, 0.2, 0.0]
    assert all(t.name.startswith("Checklist level") and "Tier" not in t.name for t in gci.scoring.tiers)
    for framework in builtin_frameworks().values():
        assert "checklist" in framework.name.lower() and "PolicyAtlas" in framework.name
        assert all("tier" not in t.name.lower() for t in framework.scoring.tiers)
    kinds = {k for i in gci.indicators for e in i.evidence for k in e.kinds}
    assert {"law", "cert", "strategy", "agency", "standard", "certification", "benchmarking", "capacity_building",
            "child_online_protection", "cooperation", "partnership", "membership", "un_process"} <= kinds


def test_builtin_ai_readiness_follows_the_eight_pillars_of_seed_004() -> None:
    text = need_shared("seeds/004_bf5bcae4742deaed.txt").read_text(encoding="utf-8")
    bullets = re.findall(r"•\s*(.+)", text.split("following pillars:")[1].split("Carrying out")[0])
    pillars = builtin_frameworks()["ai-readiness"].pillars
    assert len(bullets) == len(pillars) == 8
    for bullet, pillar in zip(bullets, pillars, strict=True):
        assert fold(bullet).split()[0] == fold(pillar.name).split()[0]


def test_builtin_ncsi_has_twelve_capacity_areas() -> None:
    ncsi = builtin_frameworks()["ncsi"]
    assert len(ncsi.pillars) == 12 and ncsi.scoring.overall == "pooled"
    assert ncsi.indicator("9.1") is not None and ncsi.indicator("11.1") is not None


def test_builtin_crosswalk_gci_ncsi_pairs() -> None:
    frameworks = builtin_frameworks()
    pairs = {(p["left"], p["right"]) for p in crosswalk_pairs(frameworks["gci"], frameworks["ncsi"])}
    assert {("legal.cybercrime", "11.1"), ("technical.cert", "9.1"), ("organisational.strategy", "1.3")} <= pairs
    reverse = {(p["left"], p["right"]) for p in crosswalk_pairs(frameworks["ncsi"], frameworks["gci"])}
    assert reverse == {(b, a) for a, b in pairs}


@pytest.mark.parametrize(("keyword", "text", "found"), [
    ("ciberdelit*", "Ley contra los Ciberdelitos", True),
    ("delitos informaticos", "Ley de Delitos Informáticos", True),
    ("penal", "Código Penal Federal", True),
    ("penal", "penalties apply", False),
    ("cert", "certification scheme", False),
    ("datos personales", "Protección de Datos\nPersonales", True),
    ("r&d", "national R&D programmes", True),
    ("24 7", "a 24/7 point of contact", True),
    ("industry 4.0", "Industria 4.0 and Industry 4.0", True),
])
def test_keyword_pattern_whole_words_accent_insensitive(keyword: str, text: str, found: bool) -> None:
    assert bool(keyword_pattern(keyword).search(fold(text))) is found


def test_cli_frameworks_list_and_show_json(cli: CliRun) -> None:
    listed = cli("frameworks", "list", "--json")
    assert listed.exit_code == 0
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert set(rows) == {"gci", "ncsi", "ai-readiness"} and rows["gci"]["origin"] == "builtin"
    assert (rows["gci"]["pillars"], rows["gci"]["file"]) == (5, "gci.yaml") and "ncsi" in rows["gci"]["crosswalks_to"]
    shown = json.loads(cli("frameworks", "show", "gci", "--json").stdout)
    assert shown["definition"]["id"] == "gci" and len(shown["definition"]["indicators"]) == rows["gci"]["indicators"]
    assert cli("frameworks", "show", "gci").exit_code == 0


def test_cli_frameworks_add_then_list_and_replace(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL.replace("      kinds: [cert]\n", "      kinds: [cert]\n    crosswalk: [gci:technical.cert]\n"),
                    encoding="utf-8")
    added = cli("frameworks", "add", path, "--json")
    assert added.exit_code == 0, added.output
    body = json.loads(added.stdout)
    assert (body["id"], body["origin"], body["replaced"], body["indicators"]) == ("mini", "user", False, 2)
    rows = {r["id"]: r for r in json.loads(cli("frameworks", "list", "--json").stdout)}
    assert rows["mini"]["origin"] == "user" and rows["mini"]["file"] == str(path)
    path.write_text(MINIMAL.replace("version: 1", 'version: "2"'), encoding="utf-8")
    again = json.loads(cli("frameworks", "add", path, "--json").stdout)
    assert (again["replaced"], again["version"]) == (True, "2")
    assert json.loads(cli("frameworks", "show", "mini", "--json").stdout)["version"] == "2"


@pytest.mark.parametrize(("text", "message"), [
    (MINIMAL.replace("kinds: [law]", "kinds: [lawz]"), "indicators.0.evidence.kinds: unknown record kind 'lawz'"),
    (MINIMAL.replace("id: mini", "id: gci"), "id: 'gci' is the id of a built-in framework"),
    (MINIMAL.replace("    pillar: legal\n", "    pillar: [legal\n"), "invalid YAML"),
])
def test_cli_frameworks_add_bad_file_is_one_line_exit_1(cli: CliRun, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("frameworks", "add", path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and re.search(rf"{re.escape(str(path))}:\d+: ", errors[0]) and message in errors[0]
    assert "mini" not in {r["id"] for r in json.loads(cli("frameworks", "list", "--json").stdout)}


def test_cli_frameworks_unknown_and_missing_file(cli: CliRun, tmp_path: Path) -> None:
    result = cli("frameworks", "show", "nope")
    assert result.exit_code == 1 and "unknown framework 'nope'" in result.stderr and "gci" in result.stderr
    missing = cli("frameworks", "add", tmp_path / "nope.yaml")
    assert missing.exit_code == 1 and "nope.yaml" in missing.stderr and "cannot read" in missing.stderr
