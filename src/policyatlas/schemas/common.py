"""Shapes every answer shares: the page of a list, a date with its precision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """Base of the answers: serialised by their public names; fields a source adds are kept."""

    model_config = ConfigDict(extra="allow", serialize_by_alias=True, validate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        """The answer as JSON-ready Python values (what ``--json`` prints)."""
        return self.model_dump(mode="json")

    def __getitem__(self, key: str) -> Any:
        """A field by its public name, as in the JSON (``profile["sections"]``), for code that reads answers
        as mappings."""
        fields = type(self).model_fields
        name = next((n for n, f in fields.items() if f.alias == key), key)
        if name in fields or name in (self.__pydantic_extra__ or {}):
            return getattr(self, name)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        """A field by its public name, or ``default`` when the answer has no such field."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING


_MISSING = object()


class Strict(Out):
    """An answer whose fields are all declared."""

    model_config = ConfigDict(extra="forbid", serialize_by_alias=True, validate_by_name=True)


T = TypeVar("T")


class Page(Strict, Generic[T]):
    """A page of a list: the items, how many there are in all, and which slice this is."""

    data: list[T] = Field(description="The items of this page, in a stable order.")
    total: int = Field(description="How many items the whole list has.")
    limit: int = Field(description="The most items a page holds (the `limit` asked for).")
    offset: int = Field(description="How many items come before this page.")

    # A page reads as the sequence of its items (``for record in list_records(...)``, ``len(page)``,
    # ``page[0]``), as the lists the views returned before pages.
    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    @overload
    def __getitem__(self, key: int) -> T: ...
    @overload
    def __getitem__(self, key: str) -> Any: ...

    def __getitem__(self, key: int | str) -> Any:
        return self.data[key] if isinstance(key, int) else super().__getitem__(key)


class DateOut(Out):
    """A date as the source gives it: the ISO value (YYYY, YYYY-MM or YYYY-MM-DD), its precision, and
    the end of a range."""

    value: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD; null when the source only says there is one.")
    precision: str | None = Field(description="year, month, day or range.")
    end: str | None = Field(None, description="The last day of a range.")
