"""Reading an atlas data package: its descriptor, and each table's rows typed and checked.

Every problem is a ``PackageError`` naming the file and, for a cell, the row (the header is row 1,
as in a spreadsheet) and the column. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from policyatlas.errors import PolicyAtlasError
from policyatlas.store.package_schema import PACKAGE_VERSION, CellError, Table, from_cell
from policyatlas.store.package_tables import CORE_TABLES

DESCRIPTOR = "datapackage.json"
#: Tables a package must have; the other core tables may be left out (then they hold nothing).
REQUIRED = ("sources", "entities", "records")
csv.field_size_limit(2**31 - 1)  # a source's whole text is one cell


class PackageError(PolicyAtlasError):
    """A data package that cannot be imported: a bad descriptor, a missing file, a bad cell or key."""

    code = "bad-package"


def is_package(path: Path) -> bool:
    """Whether ``path`` is a folder holding a data package (``datapackage.json``)."""
    return path.is_dir() and (path / DESCRIPTOR).is_file()


@dataclass(frozen=True)
class Package:
    """A package's folder and the file of each core table it has."""

    folder: Path
    files: dict[str, Path]

    def has(self, table: Table) -> bool:
        return table.name in self.files

    def rows(self, table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(row number, typed row)`` for each row of ``table``'s file (none when the package has no such
        table); raises ``PackageError`` at the first bad row."""
        path = self.files.get(table.name)
        if path is None:
            return
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                yield from _typed_rows(path, table, csv.reader(handle, strict=True))
        except UnicodeDecodeError as exc:
            raise PackageError(f"not UTF-8 text (byte {exc.start} of a line cannot be read)", path=str(path)) from None
        except csv.Error as exc:
            raise PackageError(f"not valid CSV: {exc}", path=str(path)) from None

    def error(self, table: Table, row: int | None, message: str) -> PackageError:
        """An error about a row (or, with ``row`` None, the whole file) of ``table``."""
        path = self.files.get(table.name, self.folder / table.path)
        return PackageError(f"row {row}: {message}" if row is not None else message, path=str(path))


def _typed_rows(path: Path, table: Table, reader: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    header = next(reader, None)
    if header is None:
        raise PackageError("empty file: expected a header row", path=str(path))
    missing = [name for name in table.column_names if name not in header]
    unknown = [name for name in header if name not in table.column_names]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if missing or unknown or duplicated:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        if duplicated:
            problems.append(f"repeated column(s) {', '.join(duplicated)}")
        raise PackageError(f"row 1: {'; '.join(problems)} (a {table.name} table has: "
                           f"{', '.join(table.column_names)})", path=str(path))
    positions = [(column, header.index(column.name)) for column in table.columns]
    for number, cells in enumerate(reader, 2):
        if len(cells) != len(header):
            if not any(cells):
                continue  # a blank line (a spreadsheet's trailing one)
            raise PackageError(f"row {number}: {len(cells)} cells, the header has {len(header)}", path=str(path))
        row = {}
        for column, index in positions:
            try:
                row[column.name] = from_cell(column, cells[index])
            except CellError as exc:
                raise PackageError(f"row {number}: column {column.name}: {exc}", path=str(path)) from None
        yield number, row


def open_package(folder: Path) -> Package:
    """Read and check ``folder/datapackage.json``: the core tables it names and that their files exist.

    Raises:
        PackageError: no or bad descriptor, a newer package version, a resource path outside the
            folder, a missing file, or a missing required table.
    """
    path = folder / DESCRIPTOR
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise PackageError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    except UnicodeDecodeError:
        raise PackageError("not UTF-8 text", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise PackageError(f"not JSON: {exc.msg} (column {exc.colno})", path=str(path), line=exc.lineno) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError("not a data package descriptor: no list of resources", path=str(path))
    version = (descriptor.get("policyatlas") or {}).get("package_version", PACKAGE_VERSION)
    if not isinstance(version, int) or version > PACKAGE_VERSION:
        raise PackageError(f"package version {version!r} is newer than this PolicyAtlas reads ({PACKAGE_VERSION}); "
                           "upgrade PolicyAtlas", path=str(path))
    core = {table.name: table for table in CORE_TABLES}
    files: dict[str, Path] = {}
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or resource.get("name") not in core:
            continue  # derived tables and anything else are for readers, not for the atlas
        name = str(resource["name"])
        where = f"resource {name!r}"
        if name in files:
            raise PackageError(f"{where} is listed twice", path=str(path))
        files[name] = _resource_file(folder, path, resource, where)
        fmt = resource.get("format")
        if fmt not in (None, "csv"):
            raise PackageError(f"{where} has format {fmt!r}; only CSV tables can be imported", path=str(path))
    missing = [name for name in REQUIRED if name not in files]
    if missing:
        raise PackageError(f"no {', '.join(missing)} resource: not an atlas data package (needs "
                           f"{', '.join(REQUIRED)})", path=str(path))
    for name, file in files.items():
        if not file.is_file():
            raise PackageError(f"missing (resource {name!r} of {DESCRIPTOR})", path=str(file))
    return Package(folder, files)


def _resource_file(folder: Path, descriptor: Path, resource: dict[str, Any], where: str) -> Path:
    """The file a resource names: a relative path inside the package folder."""
    name = resource.get("path")
    if not isinstance(name, str) or not name:
        raise PackageError(f"{where} has no path (a single relative file name is needed)", path=str(descriptor))
    relative = PurePosixPath(name)
    if "://" in name or relative.is_absolute() or ".." in relative.parts or "\\" in name:
        raise PackageError(f"{where} has path {name!r}: only files inside the package folder are read",
                           path=str(descriptor))
    return folder.joinpath(*relative.parts)
