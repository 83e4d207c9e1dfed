"""The layers' direction (interfaces call views, services and schemas, never the store) and a quick start-up
(``--help`` imports neither SQLAlchemy nor Alembic; a read on a migrated atlas does not load Alembic)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "policyatlas"
INTERFACES = ("api", "web", "cli")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


@pytest.mark.parametrize("package", INTERFACES)
def test_interfaces_never_import_the_store(package: str) -> None:
    wrong = [f"{path.relative_to(SRC)}:{line}: {module}" for path in sorted((SRC / package).rglob("*.py"))
             for line, module in _imports(path)
             if module == "policyatlas.store" or module.startswith("policyatlas.store.")]
    assert wrong == [], "interfaces call views, services and schemas; these import the store:\n" + "\n".join(wrong)


def test_views_never_write() -> None:
    """Writes go through services: no view imports a write function of the store."""
    writes = {"add_source", "edit_record", "add_suggestion", "decide_suggestion", "merge_entities", "split_entity",
              "decide_review", "save_framework", "add_assessment", "add_user", "new_token", "revoke_tokens"}
    wrong = []
    for path in sorted((SRC / "views").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("policyatlas.store"):
                wrong += [f"{path.name}: {a.name}" for a in node.names if a.name in writes]
            if isinstance(node, ast.Attribute) and node.attr in writes and isinstance(node.value, ast.Name) \
                    and node.value.id in {"q", "store", "repository", "revisions", "accounts"}:
                wrong.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert wrong == []


def _run(code: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


HEAVY = ("sqlalchemy", "alembic", "pydantic_settings", "fastapi", "rapidfuzz", "pypdf", "docx", "rich")
PROBE = """
import sys
from policyatlas.cli.app import main
sys.argv = ["policyatlas", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("loaded:" + ",".join(sorted({m.split(".")[0] for m in sys.modules} & set(%r))))
"""


def test_help_imports_nothing_heavy() -> None:
    assert _run(PROBE % (HEAVY,), "--help").split("\n")[-1] == "loaded:"


def test_a_read_on_a_migrated_atlas_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    _run(PROBE % (("alembic",),), "--database-url", url, "countries", "--json")  # makes the schema
    assert _run(PROBE % (("alembic",),), "--database-url", url, "countries", "--json").split("\n")[-1] == "loaded:"
