"""Where exports write: a folder that is new, empty, or holds an earlier export of the same format;
files are written apart and moved in only when every one is complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyatlas.errors import ConfigError


@dataclass
class FileReport:
    """One file written: its name, rows (or items) and size."""

    name: str
    rows: int
    bytes: int
    parts: dict[str, int] = field(default_factory=dict)  # items per part of one document (Popolo)

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"name": self.name, "rows": self.rows, "bytes": self.bytes}
        if self.parts:
            result["parts"] = dict(self.parts)
        return result


@dataclass
class ExportReport:
    """What an export wrote, file by file."""

    format: str
    folder: str
    files: list[FileReport] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "folder": self.folder, "files": [f.to_json() for f in self.files],
                "rows": sum(f.rows for f in self.files), "bytes": sum(f.bytes for f in self.files)}


@contextmanager
def staged_folder(folder: Path, names: set[str]) -> Iterator[Path]:
    """A staging folder for the files ``names``, moved into ``folder`` when the block succeeds.

    ``folder`` must be new, empty, or hold only files of these names (an earlier export of the
    same format, replaced); nothing in it changes when the block fails.

    Raises:
        ConfigError: ``folder`` is a file, or holds something this export would not write.
    """
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder}: not a folder")
    if folder.is_dir():
        foreign = sorted(p.name for p in folder.iterdir() if p.name not in names and not p.name.startswith(".export-"))
        if foreign:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise ConfigError(f"{folder}: not empty ({shown}); export into a new or empty folder, or into an "
                              "earlier export of the same format")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    stage = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
