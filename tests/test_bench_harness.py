"""The benchmark harness's pure parts: the corpus scaler, the statistics, query translation, the table.

No timing here (speed lives in bench/, measured by `make bench`); these check that the harness
computes and reports what it claims.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import scale
from bench.countries import TARGETS
from bench.queries import fts5_expression, load_queries, rg_pattern, tokens
from bench.stats import percentile, ratio, summary
from bench.table import CHANGES_HEADING, changes_section, fmt_ms, fmt_ratio, render
from tests.conftest import need_shared

PROFILE = """## CYBERSECURITY POLICY

### Strategy Documents

#### Estrategia Nacional de Ciberseguridad (National Cybersecurity Strategy)

Government of Mexico

The strategy of the Mexican government names five objectives for the whole federal administration.

13 November 2017

## Mexico

Last Updated: November 2021

#### **CERT-MX (Centro Nacional de Respuesta a Incidentes Cibernéticos)**

Federal Police of México, with the mexicanos who run it.
"""

VCDB = [{"_id": {"$oid": "5b82e5ecda262d1070e3bc8f"}, "incident_id": "0001AA7F-C601-424A-B2B8-BE6C9F5164E7",
         "victim": {"country": "USA", "industry": "923140"}, "timeline": {"incident": {"year": 2010.0}}},
        {"_id": {"$oid": "5b82e5ecda262d1070e3bc90"}, "incident_id": "0008DADB-E83D-4278-A19A-CEE01610CF43",
         "victim": {"country": ["MEX"], "industry": "621111"}, "timeline": {"incident": {"year": 2014.0}}},
        {"_id": {"$oid": "5b82e5ecda262d1070e3bc91"}, "incident_id": "000D403E-2DC9-4EA7-9294-BD3938D1C3C7",
         "victim": {"country": "GBR", "industry": "622110"}, "timeline": {"incident": {"year": 2014.0}}}]

CFR = ('Title,Date,Description,Victims,Sponsor\r\n'
       + "".join(f'Operation {i},1/{i % 28 + 1}/2020,"Something happened, number {i}.",Victims {i},Sponsor\r\n'
                 for i in range(200)))

INDEX = "Member State,Score,Global Rank\n" + "".join(f"C{i},0.{500 + i},{i}\n" for i in range(100))


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A small shared/ folder with one file of each family, plus housekeeping files."""
    root = tmp_path / "shared"
    files = {
        "seeds/000_profile.txt": PROFILE,
        "corpus/vcdb/derived/vcdb-export.json": json.dumps(VCDB),
        "corpus/indices/cfr_cyber_operations_tracker_incidents.csv": CFR,
        "corpus/indices/gci2018_scores_iso2.csv": INDEX,
        "corpus/ai-policy/fig_6.2.1.csv": "Country,Bills\nMexico,3\n",
        "corpus/vcdb/SOURCES.md": "provenance\n",
        "corpus/vcdb/veris-schema/verisc.json": "{}",
        "corpus/README.md": "about\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _outputs(shared: Path, factor: int, seed: int = 8) -> list[scale.Output]:
    return list(scale.scaled(scale.corpus_inputs(shared), factor, seed))


# --- the scaler ------------------------------------------------------------------------------------------

def test_bench_scale_families_and_housekeeping(shared: Path) -> None:
    families = {i.rel: i.family for i in scale.corpus_inputs(shared)}
    assert families == {
        "corpus/ai-policy/fig_6.2.1.csv": "other",
        "corpus/indices/cfr_cyber_operations_tracker_incidents.csv": "cfr",
        "corpus/indices/gci2018_scores_iso2.csv": "index",
        "corpus/vcdb/derived/vcdb-export.json": "vcdb",
        "seeds/000_profile.txt": "documents",
    }


def test_bench_scale_same_seed_same_bytes_other_seed_other_bytes(shared: Path) -> None:
    first = [(o.rel, o.copy, o.data) for o in _outputs(shared, 6)]
    assert first == [(o.rel, o.copy, o.data) for o in _outputs(shared, 6)]
    other = [(o.rel, o.copy, o.data) for o in _outputs(shared, 6, seed=9)]
    assert [x[2] for x in first if x[1] == 0] == [x[2] for x in other if x[1] == 0]  # originals never change
    assert first != other


def test_bench_scale_copies_per_family_and_distinct_bytes(shared: Path) -> None:
    outputs = _outputs(shared, 5)
    by_family: dict[str, list[scale.Output]] = {}
    for output in outputs:
        by_family.setdefault(output.family, []).append(output)
    assert {f: len(v) for f, v in by_family.items()} == {"documents": 5, "vcdb": 5, "cfr": 5, "index": 5, "other": 1}
    originals = {i.rel: i.path.read_bytes() for i in scale.corpus_inputs(shared)}
    for output in outputs:
        if output.copy == 0:
            assert output.data == originals[output.rel]
    for family, items in by_family.items():
        assert len({o.data for o in items}) == len(items), f"{family}: two copies have the same bytes"


def test_bench_scale_even_copies_are_later_versions_odd_copies_other_countries(shared: Path) -> None:
    documents = {o.copy: o for o in _outputs(shared, 5) if o.family == "documents"}
    assert scale.placement(2) == (0, 1) and scale.placement(4) == (0, 2)
    version = documents[4].data.decode()
    assert "Last Updated: January 2022" in version  # two versions later: two months on
    assert "Government of Mexico" in version and "CERT-MX" in version
    moved = documents[1].data.decode()
    assert "Mexico" not in moved and "México" not in moved and "CERT-MX" not in moved
    target = next(c for c in TARGETS if f"Government of {c.name}" in moved)
    assert f"CERT-{target.iso2}" in moved and f"## {target.name}" in moved
    assert "Last Updated: November 2021" in moved  # the first copy for that country is its first version
    assert re.search(r"\(Revision 1\.\)", moved)


def test_bench_scale_incidents_get_new_ids_and_odd_copies_move_countries(shared: Path) -> None:
    copies = [o for o in _outputs(shared, 4) if o.family == "vcdb"]
    assert [o.rel for o in copies] == ["corpus/vcdb/derived/vcdb-export.json",
                                       *(f"corpus/vcdb/derived/vcdb-export-c{n:03d}.json" for n in (1, 2, 3))]
    ids = [x["incident_id"] for o in copies for x in json.loads(o.data)]
    assert len(ids) == len(set(ids)) == 12
    same = json.loads(copies[2].data)
    assert [x["victim"]["country"] for x in same] == ["USA", ["MEX"], "GBR"]
    moved = json.loads(copies[1].data)
    moved_countries = [x["victim"]["country"] for x in moved]
    assert moved_countries != ["USA", ["MEX"], "GBR"]
    assert sorted(str(c).strip("[]'") for c in moved_countries) == ["GBR", "MEX", "USA"]  # a permutation


def test_bench_scale_tables_stay_valid_csv_with_few_edits(shared: Path) -> None:
    outputs = {(o.family, o.copy): o for o in _outputs(shared, 3)}
    original, edited = outputs[("cfr", 0)].data.decode(), outputs[("cfr", 2)].data.decode()
    assert original.count("\r\n") == edited.count("\r\n")
    changed = [a for a, b in zip(original.splitlines(), edited.splitlines(), strict=True) if a != b]
    assert 0 < len(changed) < 20 and all("(Revised, version 2.)" in line for line in
                                         set(edited.splitlines()) - set(original.splitlines()))
    index = outputs[("index", 1)].data.decode().splitlines()
    assert index[0] == "Member State,Score,Global Rank" and len(index) == 101


def test_bench_scale_factor_must_be_positive(shared: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        _outputs(shared, 0)


def test_bench_scale_write_corpus_manifest(shared: Path, tmp_path: Path) -> None:
    manifest = scale.write_corpus(tmp_path / "out", 2, shared=shared)
    assert manifest["files"] == 9 and manifest["families"]["other"]["files"] == 1
    assert (tmp_path / "out" / "vcdb" / "c001" / "corpus" / "vcdb" / "derived" / "vcdb-export-c001.json").exists()
    assert manifest["digest"] == scale.inputs_digest(scale.corpus_inputs(shared), 2, scale.DEFAULT_SEED)
    assert manifest["bytes"] == sum(p.stat().st_size for p in (tmp_path / "out").rglob("*")
                                    if p.is_file() and p.name != "manifest.json")


def test_bench_scale_real_corpus_families() -> None:
    shared = need_shared("corpus").parent
    families = {i.family for i in scale.corpus_inputs(shared)}
    assert families == {"documents", "vcdb", "cfr", "index", "other"}
    assert not [i for i in scale.corpus_inputs(shared) if "veris-schema" in i.rel or i.rel.endswith("SOURCES.md")]


# --- statistics --------------------------------------------------------------------------------------------

def test_bench_percentile_interpolates_like_numpy() -> None:
    values = [15.0, 20.0, 35.0, 40.0, 50.0]
    assert percentile(values, 0) == 15 and percentile(values, 100) == 50
    assert percentile(values, 50) == 35
    assert percentile(values, 40) == pytest.approx(29.0)  # numpy.percentile(values, 40) == 29.0
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_bench_summary_and_ratio() -> None:
    assert summary([3.0, 1.0, 2.0]) == {"min": 1.0, "median": 2.0, "max": 3.0, "n": 3, "rounds": [3.0, 1.0, 2.0]}
    assert summary([])["median"] is None
    assert ratio(10.0, 4.0) == 2.5 and ratio(None, 1.0) is None and ratio(1.0, 0.0) is None


# --- queries --------------------------------------------------------------------------------------------------

def test_bench_queries_translate_for_fts5_and_ripgrep() -> None:
    queries = load_queries()
    assert len(queries) >= 200 and len(set(queries)) == len(queries)
    assert any(q.startswith('"') for q in queries) and any(q.endswith("*") for q in queries)
    assert any(c in "".join(queries) for c in "áéíóú")
    assert fts5_expression('ley "protección de datos" ciber*') == '"ley" "protección de datos" "ciber" *'
    assert fts5_expression("ransomware OR phishing") == '"ransomware" OR "phishing"'
    assert fts5_expression("cybercrime -espionage") == '("cybercrime") NOT "espionage"'
    assert rg_pattern('"data breach" cyber*') == r"\bdata\s+breach\b|\bcyber\w*"
    assert [t.text for t in tokens("CERT-MX")] == ["CERT-MX"]


# --- the table ------------------------------------------------------------------------------------------------

def _results() -> dict[str, object]:
    killed = {"requests": 1, "killed": "out of memory (resident 3100 MiB > ceiling 3072 MiB)", "peak_rss_mb": 3100}
    fine = {"requests": 3, "p95": 12.0, "median_ms": 10.0, "min_ms": 9.0, "first_ms": 30.0, "peak_rss_mb": 150.0}
    load = {"ours": {"rps": summary([20.0, 30.0]), "p99_ms": summary([400.0, 500.0]), "rounds": [{"clients": 8}]},
            "baseline": {"rps": summary([100.0, 90.0]), "p99_ms": summary([120.0, 130.0])},
            "ratio_rps": 0.263, "ratio_p99": 3.6}
    return {
        "meta": {"started": "2025-01-01T00:00:00+00:00", "commit": "abc1234", "branch": "i8-bench", "cores": 2,
                 "load_before": [1.0, 1.0, 1.0], "load_after": [2.0, 2.0, 2.0], "versions": {}},
        "client_ceiling": {"rps": 2500.0, "p99_ms": 8.0, "clients": 8, "response_bytes": 20000},
        "startup": {"ours": {"seconds": summary([3.1, 3.0])}, "baseline": {"seconds": summary([0.02, 0.03])},
                    "ratio": 122.0},
        "scales": {"1": {
            "corpus": {"files": 10, "bytes": 10_000_000, "families": {}},
            "records_us_once": {"ours": killed, "baseline": fine, "ratio_median": None},
            "records_load": {"MX": load},
            "profile_as_of_mx": {"versions": 1, "ours": fine, "baseline": fine, "ratio_p95": 1.0},
            "search": {"queries": 236, "ours": {"p95_ms": summary([98.0])}, "fts5": {"p95_ms": summary([33.0])},
                       "ripgrep": {"p95_ms": summary([66.0])}, "ratio_fts5": 2.97, "ratio_ripgrep": 1.48},
            "ingest": {"bytes": 10_000_000, "complete": True, "ours": {"seconds": 100.0, "mb_per_s": 0.1,
                                                                        "peak_rss_mb": 190.0},
                       "baseline": {"seconds": 1.0, "mb_per_s": 10.0}, "ratio_mb_per_s": 0.01,
                       "families": {"vcdb": {"bytes": 3_200_000, "ours": {"seconds": 34.0, "mb_per_s": 0.094,
                                                                          "peak_rss_mb": 180.0},
                                             "baseline": {"mb_per_s": summary([30.0, 32.0])},
                                             "ratio_mb_per_s": 0.003}}},
        }},
    }


def test_bench_table_renders_figures_killed_and_ratios() -> None:
    text = render(_results())
    assert "killed: out of memory (resident 3100 MiB > ceiling 3072 MiB)" in text
    assert "| records list, 8 clients, country=MX | 1x | 25.0 [20.0] req/s, p99 450 ms [400 ms] |" in text
    assert "0.26x req/s, 3.60x p99" in text
    assert "| search p95, 236 mixed queries | 1x | 98.0 ms [98.0 ms] |" in text
    assert "ingest VCDB (export + VERIS files) (3.2 MB)" in text and "1/333" in text
    assert "`policyatlas --help`" in text and "122x" in text
    assert "| profile as of a date, MX (p95) | 1x (1 version) | 12.0 ms, 150 MB RSS |" in text
    assert "2500 req/s" in text
    assert text.count("\n| ") == len([line for line in text.splitlines() if line.startswith("| ")])
    header = next(line for line in text.splitlines() if line.startswith("| what |"))
    assert all(line.count(" | ") == header.count(" | ") for line in text.splitlines()
               if line.startswith("| ") and "scale |" not in line and "files |" not in line
               and not line.startswith(("| 1x | 10 |", "| --- | --- | --- | --- | --- | --- | --- | --- |")))


def test_bench_table_keeps_the_changes_section() -> None:
    existing = render(_results(), "- Reads select the columns they show.\n")
    assert changes_section(existing) == "- Reads select the columns they show.\n"
    again = render(_results(), changes_section(existing))
    assert again.split(CHANGES_HEADING)[1].strip() == "- Reads select the columns they show."
    assert "lead" in changes_section("# Performance\n")


def test_bench_table_formats() -> None:
    assert [fmt_ms(v) for v in (0.5, 42.0, 420.0, 4200.0, 42000.0, None)] == [
        "0.50 ms", "42.0 ms", "420 ms", "4.20 s", "42 s", "—"]
    assert [fmt_ratio(v) for v in (0.003, 0.5, 2.0, 40.0, None)] == ["1/333", "0.50x", "2.00x", "40x", "—"]
