"""Records per rendering: each portal profile (seed 000 and the fictional profile of tests/fixtures) rendered as
HTML, pasted text, a PDF export read with pypdf and pdftotext-like layouts, parsed, and compared field by field
with its Markdown.

Usage: ``python bench/profile_renderings.py [SHARED_DIR]``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the renderers are the test suite's (tests/profile_renderings.py)

from policyatlas.sources.profiles import CountryProfileParser  # noqa: E402
from tests.profile_renderings import has_pdf_font  # noqa: E402
from tests.test_profile_renderings import FIXTURES, FORMS, fields, render  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared"


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    profiles = {"seed 000": shared / "seeds" / "000_f3d26c38aaf7f9de.txt", "costa rica": FIXTURES / "costa_rica.md"}
    parser = CountryProfileParser()
    started = time.perf_counter()
    sys.stdout.write("profile\trendering\trecords\tsame fields\n")
    for label, path in profiles.items():
        markdown = path.read_text(encoding="utf-8")
        expected = parser.parse(markdown.encode(), "profile.md").records
        sys.stdout.write(f"{label}\tmarkdown\t{len(expected)}\t{len(expected)}\n")
        for form in FORMS:
            if form in ("pdf", "pdf-text") and not has_pdf_font():
                continue
            got = parser.parse(render(markdown, form), f"profile.{form}").records
            urls = form == "html"
            same = sum(1 for a, b in zip(got, expected, strict=False) if fields(a, urls=urls) == fields(b, urls=urls))
            sys.stdout.write(f"{label}\t{form}\t{len(got)}\t{same}\n")
    sys.stdout.write(f"({time.perf_counter() - started:.1f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
