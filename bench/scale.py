"""A deterministic corpus scaler: the real corpus at 1x, 10x, 100x.

"The same documents as more countries and more versions of each profile": at factor ``k`` every
file of a scaled family is written ``k`` times. Copy 0 is the original, byte for byte. Copy ``j``
(``j >= 1``) is, for even ``j``, a newer *version* of the same document (same country and lineage,
its "Last Updated" date ``j // 2`` months later, one sentence edited), and for odd ``j`` the
document *re-rendered for another country* (names, Spanish names, demonyms and CERT-XX codes
substituted; every other odd copy goes to the next country, so those countries get versions too).
Structured formats are duplicated the same way: VCDB and VERIS incidents get new ids (odd copies
also move their victims to other countries), the CFR tracker and index tables (one lineage each)
get new versions with a few cells edited. Files the scaler has no rule for (formats no parser
reads yet) are copied once, at every factor.

Same inputs, factor and seed give the same bytes (``random.Random`` seeded with strings, no time,
no set order). ``python -m bench.scale --factor 10 --out DIR`` writes a scaled corpus and prints its
manifest; the harness caches them under ``bench/.cache/corpus``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.countries import BY_NAME, COUNTRIES, TARGETS, Country

#: Bump when the scaler's output changes for the same input (invalidates cached corpora).
VERSION = 1
DEFAULT_SEED = 8
FAMILIES = ("documents", "vcdb", "cfr", "index", "other")
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYATLAS_SHARED_DIR", REPO.parent / "shared"))  # as tests/conftest.py
#: Housekeeping files of the shared corpus (provenance notes, licences, the VERIS schema): not data.
_SKIP_NAMES = re.compile(r"^(SOURCES\.md|UPSTREAM_README\.md|LICENSE.*|README-veris\.md|changelog|keynames.*)$")
_SKIP_DIRS = {"veris-schema"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_LAST_UPDATED = re.compile(r"(Last Updated:\s*)(" + "|".join(_MONTHS) + r")\s+(\d{4})")
_STRATEGY_NAME = re.compile(r"^(\d{8})_([^_]+)_(.+)$")
_CERT_CODE = r"\b((?:CERT|CSIRT|CIRT)-){code}\b"


@dataclass(frozen=True)
class Input:
    """One file of the real corpus: where it is, its path relative to its root (``seeds/…`` or
    ``corpus/…``), and the family that says how it is scaled."""

    path: Path
    rel: str
    family: str


@dataclass(frozen=True)
class Output:
    """One file of a scaled corpus."""

    rel: str
    family: str
    copy: int
    data: bytes


def family_of(rel: str) -> str | None:
    """The scaling family of a corpus file (None: housekeeping, not part of the corpus)."""
    parts = rel.split("/")
    name = parts[-1]
    if _SKIP_NAMES.match(name) or _SKIP_DIRS & set(parts) or rel == "corpus/README.md":
        return None
    if parts[0] == "seeds" or "itu-cyberwellness" in parts or "counter-ransomware-initiative" in parts \
            or "csirts" in parts:
        return "documents"
    if parts[1:2] == ["strategies"] and name.endswith(".txt"):
        return "documents"
    if "vcdb" in parts and name.endswith(".json"):
        return "vcdb"
    if parts[1:2] == ["indices"] and name.endswith(".csv"):
        return "cfr" if name.startswith("cfr_") else "index"
    return "other"


def corpus_inputs(shared: Path = SHARED) -> list[Input]:
    """Every file of ``shared/corpus`` and ``shared/seeds`` that belongs to the corpus, in path order."""
    found = []
    for top in ("corpus", "seeds"):
        root = shared / top
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = f"{top}/{path.relative_to(root).as_posix()}"
            family = family_of(rel)
            if family is not None:
                found.append(Input(path, rel, family))
    return found


def inputs_digest(inputs: Iterable[Input], factor: int, seed: int) -> str:
    """What identifies a scaled corpus: the scaler's version, factor, seed and every input's bytes
    (bump ``VERSION`` when a change to the scaler changes its output)."""
    digest = hashlib.sha256(f"v{VERSION}:{factor}:{seed}".encode())
    for item in inputs:
        digest.update(f"{item.rel}:{item.family}:".encode())
        digest.update(hashlib.sha256(item.path.read_bytes()).digest())
    return digest.hexdigest()[:16]


# --- placement of a copy ------------------------------------------------------------------------

def placement(copy: int) -> tuple[int, int]:
    """For copy ``j``: which country it goes to (0: its own; ``n``: the n-th target) and its version.

    Even copies are versions of the original; odd copies cycle through the target countries, and
    a copy that comes back to a country is its next version.
    """
    if copy % 2 == 0:
        return 0, copy // 2
    turn = copy // 2
    return 1 + turn % len(TARGETS), turn // len(TARGETS)


def _rng(seed: int, rel: str, copy: int) -> random.Random:
    return random.Random(f"{seed}:{rel}:{copy}")


# --- documents ----------------------------------------------------------------------------------

def _forms(country: Country) -> dict[str, str]:
    """The spellings of a country by role, so one country's form maps to the other's same form."""
    es = country.demonym_es
    if not es:
        spanish = {}
    elif es.endswith("o"):
        spanish = {"es": es, "es_f": es[:-1] + "a", "es_p": es + "s", "es_fp": es[:-1] + "as"}
    else:
        spanish = {"es": es, "es_p": es + ("es" if es[-1] in "íln" else "s")}
    forms = {"name": country.name, "name_es": country.name_es, "demonym": country.demonym, **spanish}
    return {role: text for role, text in forms.items() if text}


def _substitution(home: Country, target: Country) -> Callable[[str], str]:
    """A function replacing the home country's spellings (as written, or in capitals) with the target's."""
    source, dest = _forms(home), _forms(target)
    pairs: dict[str, str] = {}
    for role, text in source.items():
        replacement = dest.get(role) or dest.get(role.split("_")[0]) or target.name
        if text not in pairs:
            pairs[text] = replacement
        if text.upper() not in pairs:
            pairs[text.upper()] = replacement.upper()
    ordered = sorted(pairs, key=lambda s: (-len(s), s))
    names = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    codes = re.compile(_CERT_CODE.format(code=re.escape(home.iso2))) if home.iso2 else None

    def substitute(text: str) -> str:
        text = names.sub(lambda m: pairs[m.group(1)], text)
        return codes.sub(lambda m: m.group(1) + target.iso2, text) if codes else text

    return substitute


def _home_country(rel: str, text: str) -> Country | None:
    """The country a document is about: named in its file name, else the most mentioned one."""
    name = rel.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    strategy = _STRATEGY_NAME.match(stem)
    named = strategy.group(2) if strategy else stem if "itu-cyberwellness" in rel else None
    if named:
        aliases = {"USA": "United States", "UK": "United Kingdom"}
        named = aliases.get(named, named)
        return BY_NAME.get(named) or Country("", "", named, named, "", "")
    counts = []
    for country in COUNTRIES:
        hits = sum(len(re.findall(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)) for s in country.spellings())
        counts.append((hits, country.name, country))
    counts.sort(key=lambda c: (-c[0], c[1]))
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][2]


def _later(month: str, year: str, months: int) -> tuple[str, str]:
    index = _MONTHS.index(month) + months
    return _MONTHS[index % 12], str(int(year) + index // 12)


def _edit_sentence(text: str, rng: random.Random, copy: int) -> str:
    """Append a short sentence to one prose line (deterministic), so every copy has its own bytes."""
    lines = text.split("\n")
    prose = [i for i, line in enumerate(lines)
             if len(line.strip()) >= 40 and not line.lstrip().startswith(("#", "[", "|", "<"))]
    note = f" (Revision {copy}.)"
    if not prose:
        return text + f"\n{note.strip()}\n"
    index = prose[rng.randrange(len(prose))]
    stripped = lines[index].rstrip()
    lines[index] = stripped + note + lines[index][len(stripped):]
    return "\n".join(lines)


def _decode(data: bytes) -> tuple[str, str] | None:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def scale_document(item: Input, data: bytes, copy: int, seed: int) -> tuple[str, bytes]:
    """Copy ``copy`` of a text document: its path and bytes."""
    decoded = _decode(data)
    if decoded is None:
        return item.rel, data + f"\n(Revision {copy}.)\n".encode()
    text, encoding = decoded
    rng = _rng(seed, item.rel, copy)
    where, version = placement(copy)
    rel = item.rel
    home = _home_country(item.rel, text)
    if where and home is not None:
        others = [c for c in TARGETS if c.name != home.name]
        spread = int(hashlib.sha256(item.rel.encode()).hexdigest()[:8], 16)  # documents go to different countries
        target = others[(where - 1 + spread) % len(others)]
        substitute = _substitution(home, target)
        text = substitute(text)
        head, _, name = rel.rpartition("/")
        rel = f"{head}/{substitute(name)}"
    if version:
        text = _LAST_UPDATED.sub(lambda m: m.group(1) + " ".join(_later(m.group(2), m.group(3), version)), text)
    text = _edit_sentence(text, rng, copy)
    return rel, text.encode(encoding)


# --- structured formats -------------------------------------------------------------------------

def _new_id(seed: int, old: str, copy: int) -> str:
    """A deterministic VERIS-style incident id (upper-case UUID) for copy ``copy`` of ``old``."""
    raw = hashlib.sha256(f"{seed}:{copy}:{old}".encode()).digest()[:16]
    return str(uuid.UUID(bytes=raw, version=4)).upper()


def _rotation(codes: Iterable[str], shift: int) -> dict[str, str]:
    """A permutation of country codes: each to the one ``shift`` places further in sorted order."""
    ordered = sorted(set(codes))
    if len(ordered) < 2:
        return {}
    step = 1 + (shift - 1) % (len(ordered) - 1)
    return {code: ordered[(i + step) % len(ordered)] for i, code in enumerate(ordered)}


def _map_countries(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [mapping.get(v, v) if isinstance(v, str) else v for v in value]
    return value


def _vcdb_codes(incidents: list[Any]) -> list[str]:
    codes = []
    for incident in incidents:
        country = (incident.get("victim") or {}).get("country") if isinstance(incident, dict) else None
        for code in country if isinstance(country, list) else [country]:
            if isinstance(code, str) and code.isupper() and len(code) in (2, 3):
                codes.append(code)
    return codes


def _incident_copy(incident: Any, seed: int, copy: int, mapping: dict[str, str]) -> Any:
    if not isinstance(incident, dict):
        return incident
    result = dict(incident)
    old = str(incident.get("incident_id", ""))
    result["incident_id"] = _new_id(seed, old, copy)
    oid = (incident.get("_id") or {}).get("$oid") if isinstance(incident.get("_id"), dict) else None
    if isinstance(oid, str) and len(oid) == 24:
        result["_id"] = {"$oid": oid[:8] + hashlib.sha256(f"{seed}:{copy}:{oid}".encode()).hexdigest()[:16]}
    plus = incident.get("plus")
    if isinstance(plus, dict) and "master_id" in plus:
        result["plus"] = dict(plus, master_id=result["incident_id"])
    victim = incident.get("victim")
    if isinstance(victim, dict) and mapping and "country" in victim:
        result["victim"] = dict(victim, country=_map_countries(victim["country"], mapping))
    return result


#: Country codes a single VERIS incident file's victim may move to (ISO alpha-2).
_VERIS_CODES = tuple(c.iso2 for c in COUNTRIES)


def scale_vcdb(item: Input, data: bytes, copy: int, seed: int) -> tuple[str, bytes]:
    """Copy ``copy`` of a VCDB export (a JSON array) or of one VERIS incident (a JSON object)."""
    loaded = json.loads(data)
    where, _ = placement(copy)
    head, _, name = item.rel.rpartition("/")
    stem, _, suffix = name.rpartition(".")
    if isinstance(loaded, list):
        mapping = _rotation(_vcdb_codes(loaded), copy // 2 + 1) if where else {}
        incidents = [_incident_copy(x, seed, copy, mapping) for x in loaded]
        body = json.dumps(incidents, ensure_ascii=False, separators=(",", ":"))
        return f"{head}/{stem}-c{copy:03d}.{suffix}", body.encode()
    mapping = _rotation(_VERIS_CODES, copy // 2 + 1) if where else {}
    incident = _incident_copy(loaded, seed, copy, mapping)
    body = json.dumps(incident, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return f"{head}/{incident.get('incident_id', stem)}.{suffix}", body.encode()


def _csv_rows(text: str) -> tuple[list[list[str]], str]:
    newline = "\r\n" if "\r\n" in text[:10000] else "\n"
    return list(csv.reader(io.StringIO(text, newline=""))), newline


def _csv_text(rows: list[list[str]], newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


def scale_cfr(item: Input, data: bytes, copy: int, seed: int) -> tuple[str, bytes]:
    """Copy ``copy`` of the CFR tracker: a new version, 2% of the operations' descriptions revised."""
    text = data.decode("utf-8-sig")
    rows, newline = _csv_rows(text)
    header = rows[0] if rows else []
    column = header.index("Description") if "Description" in header else len(header) - 1
    rng = _rng(seed, item.rel, copy)
    for row in rows[1:]:
        if len(row) > column and rng.random() < 0.02:
            row[column] = row[column].rstrip() + f" (Revised, version {copy}.)"
    prefix = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    return item.rel, (prefix + _csv_text(rows, newline)).encode()


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def scale_index(item: Input, data: bytes, copy: int, seed: int) -> tuple[str, bytes]:
    """Copy ``copy`` of an index table: a new version, one score in twenty nudged by a little."""
    text = data.decode("utf-8-sig")
    rows, newline = _csv_rows(text)
    rng = _rng(seed, item.rel, copy)
    for row in rows[1:]:
        numeric = [i for i, cell in enumerate(row) if _NUMBER.match(cell.strip())]
        if numeric and rng.random() < 0.05:
            i = numeric[-1] if len(numeric) == 1 else numeric[rng.randrange(len(numeric))]
            value = float(row[i])
            nudged = value - 0.001 * copy if value > 0.5 else value + 0.001 * copy
            row[i] = f"{round(nudged, 6):g}" if "." in row[i] else str(int(round(nudged)))
    prefix = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    return item.rel, (prefix + _csv_text(rows, newline)).encode()


_SCALERS: dict[str, Callable[[Input, bytes, int, int], tuple[str, bytes]]] = {
    "documents": scale_document, "vcdb": scale_vcdb, "cfr": scale_cfr, "index": scale_index,
}


def _unique(rel: str, written: set[str]) -> str:
    """The path, or the path with ``-2``, ``-3``… before its extension when a copy already has it."""
    head, dot, suffix = rel.rpartition(".")
    if not dot or "/" in suffix:
        head, dot, suffix = rel, "", ""
    candidate, n = rel, 1
    while candidate in written:
        n += 1
        candidate = f"{head}-{n}{dot}{suffix}"
    written.add(candidate)
    return candidate


# --- the corpus -----------------------------------------------------------------------------------

def scaled(inputs: Iterable[Input], factor: int, seed: int = DEFAULT_SEED) -> Iterator[Output]:
    """Every file of the corpus at ``factor`` (copy 0 first, then copy 1 of every file…)."""
    if factor < 1:
        raise ValueError(f"factor must be at least 1, not {factor}")
    items = list(inputs)
    cache: dict[str, bytes] = {}
    for copy in range(factor):
        written: set[str] = set()
        for item in items:
            if copy and item.family not in _SCALERS:
                continue
            data = cache.get(item.rel)
            if data is None:
                data = item.path.read_bytes()
                if item.family in _SCALERS and len(data) < 8_000_000:
                    cache[item.rel] = data
            if copy == 0:
                yield Output(item.rel, item.family, 0, data)
                continue
            rel, body = _SCALERS[item.family](item, data, copy, seed)
            rel = _unique(rel, written)
            yield Output(rel, item.family, copy, body)


def write_corpus(out: Path, factor: int, seed: int = DEFAULT_SEED, shared: Path = SHARED) -> dict[str, Any]:
    """Write the scaled corpus under ``out/<family>/c<copy>/<path>``; returns (and writes) its manifest."""
    inputs = corpus_inputs(shared)
    files: list[dict[str, Any]] = []
    for output in scaled(inputs, factor, seed):
        target = out / output.family / f"c{output.copy:03d}" / output.rel
        if target.exists():
            raise FileExistsError(f"{target}: two copies of the corpus would write the same file")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)
        files.append({"path": target.relative_to(out).as_posix(), "family": output.family, "copy": output.copy,
                      "bytes": len(output.data)})
    manifest = {"factor": factor, "seed": seed, "version": VERSION, "digest": inputs_digest(inputs, factor, seed),
                "files": len(files), "bytes": sum(f["bytes"] for f in files),
                "families": {name: {"files": sum(1 for f in files if f["family"] == name),
                                    "bytes": sum(f["bytes"] for f in files if f["family"] == name)}
                             for name in FAMILIES}}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out}: not empty; give an empty or new folder", file=sys.stderr)
        return 2
    manifest = write_corpus(args.out, args.factor, args.seed, args.shared)
    print(json.dumps({k: v for k, v in manifest.items()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
