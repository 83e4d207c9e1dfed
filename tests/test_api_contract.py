"""The API against its own OpenAPI document: Schemathesis runs every operation of a real server with an
editor's token, once with made-up identifiers and once with those of records the atlas holds. No
server error, every status and response documented, requests valid by the schema accepted (save the
rules ``schemathesis.toml`` names), invalid ones refused, 405s with an exact ``Allow``.

``POLICYATLAS_SCHEMATHESIS_EXAMPLES`` sets the examples per operation (docs/reliability.md has the long run).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policyatlas.store import accounts
from policyatlas.store.db import make_engine, write_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.records import list_records
from tests import figures
from tests.conftest import REPO, need_shared
from tests.server import Server, running_server

EXAMPLES = os.environ.get("POLICYATLAS_SCHEMATHESIS_EXAMPLES", "3")
DATA = REPO / "data" / "curated"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, dict[str, str], Path]]:
    """A served atlas (seeds, Mexico, the UK's ITU profile, VERIS incidents), an editor's token and real ids."""
    folder = tmp_path_factory.mktemp("contract")
    url = f"sqlite:///{folder / 'atlas.db'}"
    engine = make_engine(url)
    report = ingest_paths(engine, [need_shared("seeds"), DATA / "MX.yaml", DATA / "itu" / "GB.yaml",
                                   need_shared("corpus/vcdb/validated")])
    assert report.ok, report.to_json()
    with write_scope(engine) as session:
        token = accounts.add_user(session, "eddie", "editor")[1]
    record = list_records(engine, country="MX", limit=1)[0]
    engine.dispose()
    ids = {"path.code": "MX", "path.record_id": record.id, "path.source_id": record.provenance.source,
           "path.entity_id": record.entity}
    limits = {"POLICYATLAS_SUGGESTIONS_PER_HOUR": "0", "POLICYATLAS_BAD_TOKENS_PER_MINUTE": "0"}
    with running_server(url, folder, env=limits) as server:
        yield server, token, ids, folder


def _schemathesis(server: Server, token: str, config: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(config), "--no-color", "run",
               f"{server.url}/openapi.json", "-H", f"Authorization: Bearer {token}", "--max-examples", EXAMPLES,
               "--phases", "examples,coverage,fuzzing", "--seed", "1", "--generation-deterministic"]
    return subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)


#: The suite runs the operations on real identifiers (the logic behind them); the long run adds made-up ones.
PASSES = os.environ.get("POLICYATLAS_SCHEMATHESIS_PASSES", "real").split(",")


@pytest.mark.parametrize("identifiers", PASSES)
def test_api_contract_holds_for_every_operation(served: tuple[Server, str, dict[str, str], Path],
                                                identifiers: str) -> None:
    server, token, ids, folder = served
    config = folder / f"schemathesis-{identifiers}.toml"
    text = (REPO / "schemathesis.toml").read_text(encoding="utf-8")
    if identifiers == "real":
        text += "\n[parameters]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in ids.items() if v)
    config.write_text(text, encoding="utf-8")
    result = _schemathesis(server, token, config)
    output = result.stdout + result.stderr
    cases = re.search(r"(\d+) generated, (\d+) passed", output)
    assert result.returncode == 0 and cases, output[-6000:]
    assert int(cases.group(1)) >= 300, output[-2000:]  # every operation was really exercised
    figures.record(f"schemathesis-{identifiers}", cases=int(cases.group(1)), passed=int(cases.group(2)),
           operations=re.search(r"Tested: (\d+)", output).group(1) if re.search(r"Tested: (\d+)", output) else None,
           examples=EXAMPLES)
    assert "Traceback" not in server.output()[-200_000:]
