"""Hostile and mutated inputs: every parser answers (records or a clean error) in time linear in the input.

Regression tests for patterns that once went quadratic: a 100,000-character heading, a 100,000-letter word in
an ITU line, 5,000 nested lists in HTML, a run-on paragraph with no full stop. The budget is generous (a shared
machine); a quadratic path takes minutes on these inputs.
"""

from __future__ import annotations

import time

import pytest

from policyatlas.errors import PolicyAtlasError
from policyatlas.sources import parsers
from policyatlas.text.html_blocks import html_to_blocks
from policyatlas.text.text_blocks import text_to_blocks

N = 100_000
BUDGET = 20.0
CASES = {
    "markdown-heading": ("# " + "a" * N + "\n").encode(),
    "itu-long-word": ("CYBERWELLNESS PROFILE MEXICO\n1.1.1 CRIMINAL LEGISLATION\n-" + "A" * N
                      + "\n1.3.1 POLICY\nThere is no " + "x" * N + "\n").encode(),
    "run-on-capitals": ("Word " * (N // 5)).encode(),
    "open-brackets": ("(" * N).encode(),
    "source-labels": ("Cybersecurity Policy\nStrategy Documents\nTitle\n" + "Source " * (N // 7) + "\n").encode(),
    "numbered-run": ("1. " * (N // 3)).encode(),
    "nested-lists": ("<ul><li>" * 5000 + "x").encode(),
    "hyphen-lines": ("Cybersecurity Policy\nStrategy Documents\n" + "word-\n" * (N // 6)).encode(),
    "yaml-nesting": ("format: policyatlas-dataset\nrecords: " + "[" * 20000).encode(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_answered_in_time(name: str) -> None:
    data = CASES[name]
    started = time.perf_counter()
    for parser in parsers():
        if parser.detect(data, name):
            try:
                parser.parse(data, name)
            except PolicyAtlasError:
                pass  # a clean, typed refusal is an answer
            break
    assert time.perf_counter() - started < BUDGET


def test_hostile_block_readers_stay_linear() -> None:
    started = time.perf_counter()
    assert len(text_to_blocks("# " + "a" * N)) == 1
    assert html_to_blocks("<ul><li>" * 5000 + "x")[0].text == "x"
    assert html_to_blocks("<div>" * 5000 + "y" + "</div>" * 5000)[0].text == "y"
    assert time.perf_counter() - started < BUDGET
