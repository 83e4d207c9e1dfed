"""Mutations of real documents, and the hostile shapes that broke parsers before (quadratic patterns,
deep nesting, huge rows, zip bombs): the fuzzer's inputs."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterator

Mutator = Callable[[bytes, random.Random], bytes]


def _span(data: bytes, rng: random.Random, most: int = 4096) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.randint(0, most))


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few random bytes replaced by random bytes."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """The document cut anywhere."""
    return data[: rng.randrange(len(data) + 1)]


def delete_span(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng)
    return data[:start] + data[end:]


def duplicate_span(data: bytes, rng: random.Random) -> bytes:
    """A stretch of the document repeated many times (long lists, repeated sections)."""
    start, end = _span(data, rng, 512)
    return data[:end] + data[start:end] * rng.randint(2, 200) + data[end:]


def repeat_line(data: bytes, rng: random.Random) -> bytes:
    """One line repeated thousands of times (a 200,000-row table, a list without end)."""
    lines = data.splitlines(keepends=True) or [data]
    line = rng.choice(lines)
    return data + line * rng.randint(1000, 20000)


def shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    """The lines in another order (a stretch of them, or all): sections, rows and headings out of place."""
    lines = data.splitlines(keepends=True) or [data]
    start = rng.randrange(len(lines))
    end = rng.choice([len(lines), min(len(lines), start + rng.randint(2, 50))])
    middle = lines[start:end]
    rng.shuffle(middle)
    return b"".join(lines[:start] + middle + lines[end:])


def long_line(data: bytes, rng: random.Random) -> bytes:
    """A line stretched to 100,000 characters: a heading of '#', a word of letters, a row of commas."""
    unit = rng.choice([b"#", b"a", b",", b" ", b"1", b"-", b"\xc3\xa9", b"(", b"<", b"*", b"|", b"."])
    lines = data.splitlines(keepends=True) or [b""]
    at = rng.randrange(len(lines))
    lines.insert(at, unit * rng.randint(10_000, 100_000) + b"\n")
    return b"".join(lines)


def nest(data: bytes, rng: random.Random) -> bytes:
    """Deep nesting in the document's own syntax: HTML lists, JSON arrays, YAML lists or mappings, parentheses."""
    depth = rng.randint(1000, 50_000)
    opening, closing = rng.choice([(b"<ul><li>", b"</li></ul>"), (b"[", b"]"), (b"{\"a\":", b"}"), (b"- ", b""),
                                   (b"(", b")"), (b"<div>", b"</div>"), (b"a: ", b"")])
    if opening in (b"- ", b"a: "):
        body = b"".join(b"  " * i + opening + b"\n" for i in range(min(depth, 5000)))
    else:
        body = opening * depth + b"x" + closing * depth
    at = rng.randrange(len(data) + 1)
    return data[:at] + body + data[at:]


def splice(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """The start of this document and the end of another."""
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


def reencode(data: bytes, rng: random.Random) -> bytes:
    """The text in another encoding (or with a byte-order mark, or with NULs)."""
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(4)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return b"\xef\xbb\xbf" + data
    if choice == 2:
        return text.encode("latin-1", "replace")
    return data.replace(b" ", b"\x00", rng.randint(1, 50))


def unicode_noise(data: bytes, rng: random.Random) -> bytes:
    """Invisible and odd characters where words are: zero-width spaces, RTL marks, line separators."""
    noise = rng.choice(["\u200b", "\u202e", "\u2028", "\ufeff", "\u00ad", "\U0001f600", "\x0c", "\r"]).encode()
    out = bytearray()
    for i, byte in enumerate(data):
        out.append(byte)
        if byte == 32 and rng.random() < 0.3:
            out += noise * rng.randint(1, 20)
        if i > 2_000_000:
            out += data[i + 1:]
            break
    return bytes(out)


MUTATORS: tuple[Mutator, ...] = (flip_bytes, truncate, delete_span, duplicate_span, repeat_line, shuffle_lines,
                                 long_line, nest, reencode, unicode_noise)


def mutate(data: bytes, rng: random.Random, other: bytes = b"") -> tuple[str, bytes]:
    """One to three mutations of ``data`` (``other`` is spliced in now and then); their names and the result."""
    names = []
    for _ in range(rng.randint(1, 3)):
        if other and rng.random() < 0.1:
            data, name = splice(data, rng, other), "splice"
        else:
            mutator = rng.choice(MUTATORS)
            data, name = mutator(data, rng), mutator.__name__
        names.append(name)
    return "+".join(names), data


def docx_bomb(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A DOCX-shaped zip whose document part unpacks to ``unpacked`` bytes of spaces (about 1 MB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b" " * (8 * 1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def hostile_documents() -> Iterator[tuple[str, bytes]]:
    """The shapes that stalled or crashed parsers (issue 10): each a name and its bytes."""
    yield "heading-100k-hashes.txt", b"# " + b"#" * 100_000 + b"\n\nText.\n"
    yield "html-5000-nested-lists.html", (b"<html><body><h1>Profile</h1>" + b"<ul><li>" * 5000 + b"x"
                                          + b"</li></ul>" * 5000 + b"</body></html>")
    yield "itu-100k-letter-word.txt", (b"CYBERWELLNESS PROFILE\nUNITED KINGDOM\n1. CYBERSECURITY\n1.1 LEGAL MEASURES\n"
                                       b"1.1.1 CRIMINAL LEGISLATION\n" + b"a" * 100_000 + b"\n")
    yield "csv-200k-rows.csv", b"country,year,score\n" + b"GB,2020,0.5\n" * 200_000
    yield "yaml-50k-deep.yaml", b"format: policyatlas-dataset\nversion: 1\nrecords: " + b"[" * 50_000 + b"]" * 50_000
    yield "json-50k-deep.json", b"[" * 50_000 + b"]" * 50_000
    yield "csv-one-100k-field.csv", b"country,year,score\n" + b'"' + b"x" * 100_000 + b'",2020,1\n'
    yield "text-200k-commas.txt", b"Date: " + b"2004, " * 40_000 + b"\n"
