"""Fuzz every parser with mutated real documents: each input is parsed in its own forked process under
rlimits; a traceback, a hang over 30 s or memory over 1 GB is a finding (its input is kept).

Usage: .venv/bin/python -m fuzz.run [--files N] [--seconds S] [--seed N] [--out DIR] [--shared DIR]
"""

from __future__ import annotations

import argparse
import html
import io
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fuzz.mutate import docx_bomb, hostile_documents, mutate
from policyatlas.errors import PolicyAtlasError
from policyatlas.store.guards import check_size
from policyatlas.store.ingest import parse_document

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 30.0
MEMORY_LIMIT = 1024 * 1024 * 1024
#: Real documents of every format the corpus has (relative to ../shared), and the bundled dataset.
SEEDS = ("seeds", "corpus/itu-cyberwellness", "corpus/indices", "corpus/vcdb/validated", "corpus/vcdb/derived",
         "corpus/strategies/inaugural_cybstrategies_2000_2024.csv", "corpus/strategies/oecd_countries.csv",
         "corpus/strategies/inaugural/20140417_Uruguay_National Cybersecurity Strategy_ESP.txt",
         "corpus/strategies/inaugural/20110802_South Korea_National Cybersecurity Strategy_ENG.txt",
         "corpus/memberships/counter-ransomware-initiative", "corpus/memberships/paris-call/country-codes.csv",
         "corpus/ai-policy", "corpus/csirts", "corpus/data-protection/datenanfragen-supervisory-authorities/grdpa.json",
         "corpus/data-protection/global-data-barometer-2021/measures.json", "corpus/memberships")


@dataclass(frozen=True)
class Outcome:
    """What parsing one input did: ``parsed``, ``refused`` (a clear error), ``crash``, ``hang`` or ``memory``."""

    name: str
    status: str
    seconds: float
    peak_mb: float
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("crash", "hang", "memory")


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path


def _html_profile(text: str) -> bytes:
    """A country profile as a web page would have it: headings, lists, paragraphs."""
    out = ["<!doctype html><html><body><main>"]
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("-", "*", "•")):
            out.append(f"<ul><li>{html.escape(stripped.lstrip('-*• '))}</li></ul>")
        elif len(stripped) < 60 and not stripped.endswith("."):
            out.append(f"<h2>{html.escape(stripped)}</h2>")
        else:
            out.append(f"<p>{html.escape(stripped)}</p>")
    return ("".join(out) + "</main></body></html>").encode()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines()[:400]:
        if line.strip():
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines()[:200]:
        pdf.multi_cell(0, 5, line.encode("latin-1", "replace").decode("latin-1") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def seed_documents(shared: Path) -> list[tuple[str, bytes]]:
    """The documents mutations start from: the corpus's formats, the bundled dataset, and the same
    texts as HTML, DOCX and PDF (the corpus has no such files)."""
    seeds = [(str(p.relative_to(shared)), p.read_bytes()) for p in _files([shared / s for s in SEEDS])
             if p.suffix != ".md" or "SOURCES" not in p.name]
    seeds += [(f"data/{p.name}", p.read_bytes()) for p in _files([REPO / "data" / "curated"])]
    profile = (shared / "seeds" / "000_f3d26c38aaf7f9de.txt")
    strategy = shared / SEEDS[7]
    if profile.is_file():
        seeds.append(("generated/profile.html", _html_profile(profile.read_text(encoding="utf-8"))))
    if strategy.is_file():
        text = strategy.read_text(encoding="utf-8", errors="replace")
        seeds += [("generated/strategy.docx", _docx(text)), ("generated/strategy.pdf", _pdf(text))]
    return seeds


def _limit_child() -> None:
    vsize = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (vsize + MEMORY_LIMIT, vsize + MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (int(TIME_LIMIT) + 1, int(TIME_LIMIT) + 2))


def parse_isolated(name: str, data: bytes, report: Path) -> Outcome:
    """Parse ``data`` in a forked child under rlimits (1 GB more memory than the runner, 30 s)."""
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _limit_child()
            check_size(len(data), name)  # ingest refuses a file over the size limit before reading it
            parse_document(data, name)
        except PolicyAtlasError:
            code = 2
        except MemoryError:
            code = 4
        except BaseException:  # noqa: BLE001 - any other exception is the finding
            report.write_text(traceback.format_exc(), encoding="utf-8")
            code = 3
        finally:
            os._exit(code)
    status: int | None = None
    usage = None
    while status is None:
        done, raw, usage = os.wait4(pid, os.WNOHANG)
        if done:
            status = raw
            break
        if time.monotonic() - started > TIME_LIMIT:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return Outcome(name, "hang", time.monotonic() - started, usage.ru_maxrss / 1024)
        time.sleep(0.005)
    seconds, peak = time.monotonic() - started, (usage.ru_maxrss / 1024 if usage else 0.0)
    if os.WIFSIGNALED(status):
        signalled = os.WTERMSIG(status)
        return Outcome(name, "hang" if signalled == signal.SIGXCPU else "memory", seconds, peak,
                       f"killed by signal {signalled}")
    code = os.WEXITSTATUS(status)
    if code == 3:
        lines = report.read_text(encoding="utf-8").strip().splitlines()
        return Outcome(name, "crash", seconds, peak, lines[-1] if lines else "")
    return Outcome(name, {0: "parsed", 2: "refused", 4: "memory"}.get(code, "crash"), seconds, peak)


def inputs(shared: Path, count: int, seed: int, *, originals: bool = True,
           max_seed_bytes: int | None = None) -> Iterator[tuple[str, bytes]]:
    """The hostile documents and the seeds themselves (with ``originals``), then ``count`` mutations of
    the seeds (of those up to ``max_seed_bytes``, when given)."""
    seeds = seed_documents(shared)
    if originals:
        yield from hostile_documents()
        yield "docx-zip-bomb.docx", docx_bomb()
        yield from seeds
    if max_seed_bytes is not None:
        seeds = [s for s in seeds if len(s[1]) <= max_seed_bytes]
    rng = random.Random(seed)
    for number in range(count):
        name, data = rng.choice(seeds)
        other = rng.choice(seeds)[1]
        how, mutated = mutate(data, rng, other)
        yield f"{number:05d}-{how}-{Path(name).name}", mutated


def warm_up() -> None:
    """Load what the parsers load on first use (trafilatura and its word lists, dateparser, lingua) in
    this process, so that each forked child starts warm as a running server does: the 30 s are the
    parse's, not the imports'."""
    for name, data in (("warm.html", b"<html><head><title>News</title></head><body><article><h1>A bill</h1><p>The "
                                     b"minister presented the cybersecurity bill on 3 March 2024 in Lima.</p>"
                                     b"</article></body></html>"),
                       ("warm.txt", b"The minister presented the cybersecurity bill on 3 March 2024.\n")):
        try:
            parse_document(data, name)
        except PolicyAtlasError:
            pass


def run(shared: Path, *, files: int, seconds: float, seed: int, out: Path, originals: bool = True,
        max_seed_bytes: int | None = None) -> list[Outcome]:
    """Fuzz until ``files`` mutations or ``seconds`` are done; failing inputs are written to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    warm_up()
    deadline = time.monotonic() + seconds
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="policyatlas-fuzz-") as folder:
        report = Path(folder) / "traceback.txt"
        for name, data in inputs(shared, files, seed, originals=originals, max_seed_bytes=max_seed_bytes):
            outcome = parse_isolated(name, data, report)
            outcomes.append(outcome)
            if outcome.failed:
                (out / name.replace("/", "_")).write_bytes(data)
                (out / (name.replace("/", "_") + ".txt")).write_text(
                    f"{outcome.status} after {outcome.seconds:.1f} s, {outcome.peak_mb:.0f} MB: {outcome.detail}\n"
                    + (report.read_text(encoding="utf-8") if outcome.status == "crash" else ""), encoding="utf-8")
            if time.monotonic() > deadline:
                break
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500, help="mutated documents to parse")
    parser.add_argument("--seconds", type=float, default=3600, help="stop after this long")
    parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed makes the same inputs)")
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts" / "fuzz", help="where findings go")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared test material")
    args = parser.parse_args(argv)
    started = time.monotonic()
    outcomes = run(args.shared, files=args.files, seconds=args.seconds, seed=args.seed, out=args.out)
    counts = Counter(o.status for o in outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds)
    biggest = max(outcomes, key=lambda o: o.peak_mb)
    print(f"{len(outcomes)} inputs in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"slowest {slowest.seconds:.1f} s ({slowest.name}); most memory {biggest.peak_mb:.0f} MB ({biggest.name})")
    for outcome in outcomes:
        if outcome.failed:
            print(f"{outcome.status}: {outcome.name} ({outcome.seconds:.1f} s, {outcome.peak_mb:.0f} MB) {outcome.detail}")
    return 1 if any(o.failed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
