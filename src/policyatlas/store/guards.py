"""Guards against hostile documents, before any parser sees them: too large a file, and compressed
documents (DOCX and other zip containers) that would unpack to far more than they weigh (zip bombs)."""

from __future__ import annotations

import io
import zipfile

from policyatlas.errors import InputError

#: The largest document ingest reads (bytes); a larger file is refused before it is read.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
#: The most a compressed document may unpack to, in all (bytes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: The most any member of a compressed document may unpack to, against what it weighs packed.
MAX_PACKING_RATIO = 200
#: Members below this size may have any ratio (a page of repeated characters packs very well).
RATIO_FLOOR = 1024 * 1024
#: The most members a compressed document may have.
MAX_MEMBERS = 10_000
ZIP_MAGIC = b"PK\x03\x04"


class DocumentTooLargeError(InputError):
    """A document is larger than ingest reads, or would unpack to far more than it weighs."""

    code = "too-large"


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def check_size(size: int, origin: str, *, limit: int = MAX_DOCUMENT_BYTES) -> None:
    """Refuse a document of ``size`` bytes when it is over ``limit``.

    Raises:
        DocumentTooLargeError: naming the file, its size and the limit.
    """
    if size > limit:
        raise DocumentTooLargeError(f"the file is {_size(size)}, larger than the {_size(limit)} a document may be "
                                    "(POLICYATLAS_MAX_DOCUMENT_BYTES); nothing was read", path=origin)


def check_archive(data: bytes, origin: str, *, max_unpacked: int = MAX_UNPACKED_BYTES,
                  max_ratio: int = MAX_PACKING_RATIO) -> None:
    """Refuse a zip container (DOCX, ODT, XLSX…) that would unpack to too much, reading only its directory.

    The sizes it declares bind what a reader may unpack (Python's zipfile stops at the declared size),
    so checking them is enough. Bytes that are not a zip pass untouched.

    Raises:
        DocumentTooLargeError: too many members, too much in all, or a member packed too tightly.
    """
    if not data.startswith(ZIP_MAGIC):
        return
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not readable as a zip: the parser reports what it is
    if len(members) > MAX_MEMBERS:
        raise DocumentTooLargeError(f"the compressed document has {len(members):,} parts (at most {MAX_MEMBERS:,}); "
                                    "refused as a possible zip bomb", path=origin)
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        raise DocumentTooLargeError(f"the compressed document would unpack to {_size(total)} (at most "
                                    f"{_size(max_unpacked)}); refused as a possible zip bomb", path=origin)
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > max_ratio * max(member.compress_size, 1):
            raise DocumentTooLargeError(f"{member.filename!r} in the compressed document would unpack to "
                                        f"{_size(member.file_size)} from {_size(member.compress_size)}; refused as "
                                        "a possible zip bomb", path=origin)
