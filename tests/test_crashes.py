"""Crashes: an ingest or a migration SIGKILLed at any moment leaves a database the next run completes,
equal to the database of a run that was never interrupted (SQLite and PostgreSQL).

A kill moment is the N-th SQL statement or commit the process sends (drawn at random, or every one
of them for migrations): the process forked from the test runs the real command and kills itself
with SIGKILL right before that statement reaches the database. ``POLICYATLAS_CRASH_KILLS`` raises the
number of kills (docs/reliability.md has the long run).
"""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event, inspect, text

from policyatlas.cli.app import app as cli_app
from policyatlas.store.db import make_engine
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.migrate import current_revision, head_revision, include_object, upgrade
from policyatlas.store.schema import Base
from tests import figures
from tests.canonical import canonical_dump, columns_of, differences
from tests.conftest import fresh_database_url, need_shared

KILLS = int(os.environ.get("POLICYATLAS_CRASH_KILLS", "20"))
#: Documents of every kind the corpus has: profiles, ITU texts, an index table, VERIS incidents,
#: news statements, a strategy; and two files no parser reads (their errors repeat on every run).
CORPUS = ("seeds", "corpus/itu-cyberwellness", "corpus/indices/gci2017_scores_country_names.csv", "corpus/vcdb/validated",
          "corpus/memberships/counter-ransomware-initiative",
          "corpus/strategies/inaugural/20140417_Uruguay_National Cybersecurity Strategy_ESP.txt")


@contextmanager
def _statements_counted() -> Iterator[list[int]]:
    """Count every statement and commit sent by any engine (in this process) while inside."""
    seen = [0]

    def tick(*_: Any) -> None:
        seen[0] += 1

    event.listen(Engine, "before_cursor_execute", tick)
    event.listen(Engine, "commit", tick)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", tick)
        event.remove(Engine, "commit", tick)


def run_killed_at(kill_at: int | None, work: Callable[[], object]) -> bool:
    """Run ``work`` in a forked process that SIGKILLs itself right before its ``kill_at``-th statement
    or commit; True when it was killed, False when it finished first."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test runner
        code = 1
        try:
            with _statements_counted() as seen:
                if kill_at is not None:
                    def kill(*_: Any) -> None:
                        if seen[0] >= kill_at:
                            os.kill(os.getpid(), signal.SIGKILL)

                    event.listen(Engine, "before_cursor_execute", kill)
                    event.listen(Engine, "commit", kill)
                work()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the forked run failed (see its log above)"
    return False


def _ingest(url: str, paths: list[Path]) -> Callable[[], object]:
    def work() -> object:
        engine = make_engine(url)
        report = ingest_paths(engine, paths)
        engine.dispose()
        return report

    return work


def _backend_url(backend: str, folder: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / name}"
    return fresh_database_url(backend, folder)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _cumulative_counts(engine: Engine, paths: list[Path]) -> list[int]:
    """Run the ingest in this process; the number of statements sent by the end of each file."""
    ends: list[int] = []
    with _statements_counted() as seen:
        ingest_paths(engine, paths, on_file=lambda _report: ends.append(seen[0]))
    return ends


@pytest.mark.parametrize("backend", BACKENDS)
def test_crash_ingest_killed_at_random_moments_ends_as_an_uninterrupted_run(backend: str, tmp_path: Path) -> None:
    """The ingest of a corpus is killed inside each file's write at a random statement (and now and
    then while it skips the files already stored), then run again: the database equals the one an
    uninterrupted run made."""
    paths = [need_shared(p) for p in CORPUS]
    seed = int(os.environ.get("POLICYATLAS_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    url = _backend_url(backend, tmp_path, "reference.db")
    engine = make_engine(url)
    written = _cumulative_counts(engine, paths)  # the uninterrupted run
    skipped = _cumulative_counts(engine, paths)  # the same run again: every file known
    reference = canonical_dump(engine)
    engine.dispose()
    assert not reference.problems, reference.problems
    assert reference.tables["sources"][0] >= 20

    def before(index: int, counts: list[int]) -> int:
        return counts[index - 1] if index else 0

    moments: list[tuple[int, int]] = []
    for attempt in range(KILLS // len(written) + 1):
        url = _backend_url(backend, tmp_path, f"crashed-{attempt}.db")
        pending = 0  # the first file not stored yet (the one the last kill interrupted)
        for index in range(len(written)):
            # A run skips the files stored, writes again those from `pending` on, then reaches `index`.
            start = before(pending, skipped) + before(index, written) - before(pending, written)
            skipping = before(pending, skipped)
            if skipping > 1 and rng.random() < 0.2:  # now and then, a kill while it skips what is stored
                moment = rng.randint(1, skipping)
                assert run_killed_at(moment, _ingest(url, paths)), (seed, moment)
                moments.append((index, moment))
            moment = start + rng.randint(1, written[index] - before(index, written))
            if run_killed_at(moment, _ingest(url, paths)):
                moments.append((index, moment))
                pending = index
        assert run_killed_at(None, _ingest(url, paths)) is False  # the re-run after the last kill
        engine = make_engine(url)
        crashed = canonical_dump(engine)
        engine.dispose()
        assert not crashed.problems, (seed, crashed.problems)
        assert differences(reference, crashed) == [], (seed, moments)
        if len(moments) >= KILLS:
            break
    assert len(moments) >= KILLS, (seed, moments)
    figures.record(f"crash-ingest-{backend}", seed=seed, kills=len(moments), files=len(written), statements=written[-1],
           tables={k: v[0] for k, v in reference.tables.items()})


def _schema_matches(engine: Engine) -> None:
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def _db_upgrade(url: str) -> Callable[[], object]:
    def work() -> object:
        try:
            cli_app(["--database-url", url, "db", "upgrade"], standalone_mode=False)
        except SystemExit as exc:  # pragma: no cover - a failed upgrade fails the test
            assert not exc.code
        return None

    return work


@pytest.mark.parametrize("backend", BACKENDS)
def test_crash_migration_killed_at_every_step_leaves_a_database_the_next_upgrade_completes(
        backend: str, tmp_path: Path) -> None:
    """`policyatlas db upgrade` on an empty database, killed before each of its statements in turn
    (and before its commit): the database is left empty every time, and then upgrades."""
    url = _backend_url(backend, tmp_path, "atlas.db")
    probe = make_engine(f"sqlite:///{tmp_path / 'probe.db'}") if backend == "sqlite" else None
    with _statements_counted() as seen:
        upgrade(probe or make_engine(url))
    steps = seen[0]
    if probe is None:
        url = fresh_database_url(backend, tmp_path)
    assert steps > 20
    every = range(1, steps + 1) if backend == "sqlite" else sorted({*range(1, steps + 1, 7), steps})
    for step in every:
        if not run_killed_at(step, _db_upgrade(url)):
            break
        engine = make_engine(url)
        tables = set(inspect(engine).get_table_names())
        engine.dispose()
        assert tables == set(), (step, sorted(tables)[:5])  # nothing half-made
    engine = make_engine(url)
    assert current_revision(engine) is None
    figures.record(f"crash-migration-{backend}", statements=steps, kills=len(every))
    assert run_killed_at(None, _db_upgrade(url)) is False
    _schema_matches(engine)
    engine.dispose()


def _spread_steps(*, most: int) -> list[int]:
    """Kill points over a long run: each of the first ten statements, then ever further apart (x1.5)."""
    steps = list(range(1, 11))
    while steps[-1] < most:
        steps.append(int(steps[-1] * 1.5))
    return steps


@pytest.mark.parametrize("backend", BACKENDS)
def test_crash_migration_of_a_filled_database_killed_mid_way_keeps_its_data(backend: str, tmp_path: Path) -> None:
    """A database with data at 0004, upgraded (0005_reads, 0006_integrity: one transaction) and killed at
    each of its first ten statements, then at ever later ones: its data and revision stay as they were
    until an upgrade completes, which keeps every row and moves each source's text."""
    from alembic import command

    from policyatlas.store.migrate import alembic_config, migration_transaction

    url = _backend_url(backend, tmp_path, "atlas.db")
    engine = make_engine(url)
    ingest_paths(engine, [need_shared("seeds")])
    config = alembic_config(engine)
    with migration_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    before = canonical_dump(engine)
    # What the upgrade keeps: the columns a table has both before and after it (0005_reads moved each
    # source's text to source_texts and added columns), and each source's text, wherever it lives.
    kept = {t: [c for c in columns_of(engine, t) if t == "search_fts" or c in Base.metadata.tables[t].c]
            for t in ("sources", "records", "entities", "record_entities", "entity_names", "search_fts")}
    kept_before = canonical_dump(engine, kept)
    with engine.connect() as connection:
        texts_before = connection.execute(text("SELECT id, text FROM sources ORDER BY id")).all()
    steps = _spread_steps(most=5000)
    for step in steps:
        killed = run_killed_at(step, _db_upgrade(url))
        if current_revision(engine) != "0004":
            break  # the upgrade committed (the kill, if any, came after)
        assert killed and differences(before, canonical_dump(engine)) == [], step
    else:
        pytest.fail("the upgrade from 0004 was never done in 5,000 statements")
    after = canonical_dump(engine)
    assert not after.problems
    assert differences(kept_before, canonical_dump(engine, kept)) == []
    with engine.connect() as connection:
        texts_after = connection.execute(text("SELECT source_id, text FROM source_texts ORDER BY source_id")).all()
    assert [tuple(r) for r in texts_after] == [tuple(r) for r in texts_before]
    _schema_matches(engine)
    engine.dispose()
