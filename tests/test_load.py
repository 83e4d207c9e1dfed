"""A real server under load, on SQLite and PostgreSQL: 8 clients mixing uploads, edits with If-Match and
reads for a bounded time (no 5xx, no "database is locked", every acknowledged write present, one
winner per If-Match, one current version per lineage), then the server SIGKILLed while clients write:
after a restart every write it acknowledged is there.

``POLICYATLAS_LOAD_SECONDS`` sets how long the clients run (docs/reliability.md has the long run).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from policyatlas.store import accounts
from policyatlas.store.db import make_engine, session_scope, write_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.schema import EntityRow, RecordRow, RevisionRow, SourceRow
from tests import figures
from tests.canonical import canonical_dump
from tests.conftest import fresh_database_url
from tests.server import Server, start_server, stop_server
from tests.test_integrity import _at_once

SECONDS = float(os.environ.get("POLICYATLAS_LOAD_SECONDS", "8"))
CLIENTS = 8
LINEAGES = 3
SHARED_AGENCY = "Agencia Nacional de Pruebas de Carga"
DATASET = """\
format: policyatlas-dataset
version: 1
id: load/{lineage}
country: UY
title: Load test dataset {lineage}
as_of: '{as_of}'
sources:
- id: fictional
  title: Made up for the load tests
records:
- kind: agency
  section: Organisational
  title: {agency}
  source: fictional
- kind: law
  section: Legal Framework
  title: Ley de Carga {marker}
  date: '{as_of}'
  source: fictional
"""
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@dataclass
class Ledger:
    """What the clients sent and what the server acknowledged."""

    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    uploads: list[tuple[str, str, str]] = field(default_factory=list)  # source id, lineage, as_of
    edits: list[tuple[str, str, str]] = field(default_factory=list)  # record id, If-Match sent, description
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, response: httpx.Response) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.errors.append(f"{response.request.method} {response.request.url.path}: "
                                   f"{response.status_code} {response.text[:300]}")


@dataclass
class Atlas:
    url: str
    folder: Path
    token: str
    records: list[str]


@pytest.fixture(params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Atlas]:
    url = fresh_database_url(str(request.param), tmp_path) if request.param != "sqlite" else \
        f"sqlite:///{tmp_path / 'atlas.db'}"
    engine = make_engine(url)
    seed = tmp_path / "seed.yaml"
    seed.write_text(DATASET.format(lineage="seed", as_of="2020-01", agency="Agencia Semilla", marker="semilla"),
                    encoding="utf-8")
    assert ingest_paths(engine, [seed]).ok
    with write_scope(engine) as session:
        token = accounts.add_user(session, "loader", "editor")[1]
    with session_scope(engine) as session:
        records = list(session.scalars(select(RecordRow.id).order_by(RecordRow.id)))
    engine.dispose()
    yield Atlas(url, tmp_path, token, records)


def _upload(client: httpx.Client, atlas: Atlas, ledger: Ledger, rng: random.Random) -> None:
    lineage = f"l{rng.randrange(LINEAGES)}"
    as_of = f"{rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}"
    marker = f"{time.monotonic_ns()}-{rng.random()}"
    body = DATASET.format(lineage=lineage, as_of=as_of, agency=SHARED_AGENCY, marker=marker)
    response = client.post("/api/sources", files={"file": (f"{lineage}.yaml", body.encode(), "application/yaml")})
    ledger.note(response)
    if response.status_code == 201:
        with ledger.lock:
            ledger.uploads.append((response.json()["files"][0]["source"], lineage, as_of))
    elif response.status_code != 200:
        with ledger.lock:
            ledger.errors.append(f"upload: {response.status_code} {response.text[:300]}")


def _edit(client: httpx.Client, atlas: Atlas, ledger: Ledger, rng: random.Random, record: str | None = None,
          etag: str | None = None) -> httpx.Response:
    record = record or rng.choice(atlas.records)
    if etag is None:
        read = client.get(f"/api/records/{record}")
        ledger.note(read)
        etag = read.headers.get("etag", "")
    description = f"edit {time.monotonic_ns()} {rng.random()}"
    response = client.patch(f"/api/records/{record}", json={"description": description},
                            headers={"If-Match": etag})
    ledger.note(response)
    if response.status_code == 200:
        with ledger.lock:
            ledger.edits.append((record, etag, description))
    elif response.status_code != 412:
        with ledger.lock:
            ledger.errors.append(f"edit: {response.status_code} {response.text[:300]}")
    return response


def _read(client: httpx.Client, atlas: Atlas, ledger: Ledger, rng: random.Random) -> None:
    path = rng.choice(["/api/records?country=UY", "/countries/UY", "/api/search?q=ley", "/api/sources",
                       f"/api/records/{rng.choice(atlas.records)}", "/api/countries", "/"])
    ledger.note(client.get(path))


def _clients(server: Server, atlas: Atlas, ledger: Ledger, seconds: float, *, clients: int = CLIENTS,
             stop: threading.Event | None = None) -> list[threading.Thread]:
    """Start ``clients`` threads mixing uploads, edits and reads until ``seconds`` pass (or ``stop`` is set)."""
    deadline = time.monotonic() + seconds
    stop = stop or threading.Event()

    def work(number: int) -> None:
        rng = random.Random(number)
        operations: list[Callable[..., Any]] = [_upload, _edit, _read, _read]
        with httpx.Client(base_url=server.url, timeout=120,
                          headers={"Authorization": f"Bearer {atlas.token}"}) as client:
            while time.monotonic() < deadline and not stop.is_set():
                try:
                    rng.choice(operations)(client, atlas, ledger, rng)
                except httpx.HTTPError as exc:
                    if not stop.is_set():
                        with ledger.lock:
                            ledger.errors.append(f"transport: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    return threads


def _same_if_match_rounds(server: Server, atlas: Atlas, ledger: Ledger, rounds: int = 5) -> None:
    """All clients send one edit with the same If-Match at once: exactly one wins, each round."""
    with httpx.Client(base_url=server.url, timeout=120, headers={"Authorization": f"Bearer {atlas.token}"}) as client:
        for round_ in range(rounds):
            record = atlas.records[round_ % len(atlas.records)]
            etag = client.get(f"/api/records/{record}").headers["etag"]

            def send(number: int, record: str = record, etag: str = etag) -> int:
                with httpx.Client(base_url=server.url, timeout=120,
                                  headers={"Authorization": f"Bearer {atlas.token}"}) as own:
                    return _edit(own, atlas, ledger, random.Random(number), record, etag).status_code

            results = _at_once(send, CLIENTS)
            assert sorted(results) == [200] + [412] * (CLIENTS - 1), (round_, results)


def _check_writes(atlas: Atlas, ledger: Ledger) -> None:
    """Every acknowledged write is stored; no If-Match won twice; one current version per lineage."""
    engine = make_engine(atlas.url)
    with session_scope(engine) as session:
        stored = {s.id: s for s in session.scalars(select(SourceRow))}
        revisions = session.scalars(select(RevisionRow)).all()
        agencies = session.scalars(select(EntityRow.id).where(EntityRow.name == SHARED_AGENCY)).all()
    dump = canonical_dump(engine)
    engine.dispose()
    assert not dump.problems, dump.problems
    missing = [u for u in ledger.uploads if u[0] not in stored]
    assert not missing, f"{len(missing)} acknowledged uploads are missing: {missing[:3]}"
    kept = {(r.record_id, r.data.get("description")) for r in revisions}
    lost = [e for e in ledger.edits if (e[0], e[2]) not in kept]
    assert not lost, f"{len(lost)} acknowledged edits are missing: {lost[:3]}"
    winners = Counter((record, etag) for record, etag, _ in ledger.edits)
    assert max(winners.values(), default=1) == 1, [k for k, v in winners.items() if v > 1][:3]
    numbers: dict[str, list[int]] = defaultdict(list)
    for revision in revisions:
        numbers[revision.record_id].append(revision.number)
    for record, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), (record, sorted(found))
    for lineage in {stored[u[0]].lineage for u in ledger.uploads}:
        versions = [s for s in stored.values() if s.lineage == lineage]
        current = [s for s in versions if s.is_current]
        assert len(current) == 1 and current[0].as_of == max(s.as_of or "" for s in versions), lineage
    if ledger.uploads:
        assert len(agencies) == 1, agencies


def test_load_eight_clients_then_a_killed_server_lose_nothing(atlas: Atlas) -> None:
    server = start_server(atlas.url, atlas.folder, name="load")
    ledger = Ledger()
    try:
        _same_if_match_rounds(server, atlas, ledger)
        for thread in _clients(server, atlas, ledger, SECONDS):
            thread.join()
        assert not ledger.errors, ledger.errors[:5]
        assert not any(s >= 500 for s in ledger.statuses), ledger.statuses
        assert ledger.uploads and ledger.edits and ledger.statuses[200] > 20, ledger.statuses
        output = server.output()
        assert "database is locked" not in output and "Traceback" not in output, output[-3000:]
        _check_writes(atlas, ledger)
        loaded = {"seconds": SECONDS, "clients": CLIENTS, "requests": sum(ledger.statuses.values()),
                  "statuses": dict(ledger.statuses), "uploads": len(ledger.uploads), "edits": len(ledger.edits)}

        # The server is SIGKILLed while clients write; what it acknowledged must survive.
        stop = threading.Event()
        threads = _clients(server, atlas, ledger, 120, clients=4, stop=stop)
        time.sleep(random.uniform(1.0, 3.0))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        stop_server(server)
    restarted = start_server(atlas.url, atlas.folder, name="restarted")
    try:
        _check_writes(atlas, ledger)
        figures.record(f"load-{atlas.url.split(':')[0].split('+')[0]}", load=loaded, writes_checked_after_kill={
            "uploads": len(ledger.uploads), "edits": len(ledger.edits)})
        assert httpx.get(f"{restarted.url}/api/records?country=UY").status_code == 200
    finally:
        stop_server(restarted)
