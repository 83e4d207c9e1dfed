"""Benchmark: resolve 100,000 organisation and person names into a fresh SQLite atlas.

Prints names per second with the resolver (exact keys, then blocked fuzzy matching), as a
ratio against a baseline measured in the same run (inserting the same names without any
matching), so the figure says what matching costs. Usage: .venv/bin/python bench/resolver_names.py [N]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time

from policyatlas.resolve.resolver import Resolver, Subject, subject_keys
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.entities import SqlEntityStore
from policyatlas.store.migrate import upgrade

WORDS = ("national agency office council ministry directorate institute centre commission unit bureau "
         "cyber security defence data protection digital telecommunications police intelligence response "
         "emergency finance health energy transport education justice interior foreign trade science").split()
GIVEN = "ana luis maria jose carlos laura victor sofia pablo elena jorge lucia diego marta raul irene".split()
SURNAMES = ("garcia lopez martinez rodriguez hernandez gonzalez perez sanchez ramirez torres flores rivera "
            "gomez diaz cruz morales reyes ortiz castillo jimenez").split()


def _names(n: int, seed: int = 7) -> list[Subject]:
    rng = random.Random(seed)
    subjects = []
    for i in range(n):
        country = rng.choice(["MX", "CO", "CL", "GB", "UY", "JP", "EG"])
        if i % 3 == 0:
            name = f"{rng.choice(GIVEN).title()} {rng.choice(SURNAMES).title()} {rng.choice(SURNAMES).title()}"
            subjects.append(Subject("person", country, (name,)))
        else:
            words = rng.sample(WORDS, 4)
            subjects.append(Subject("organization", country, (" ".join(w.title() for w in words) + f" {i % 997}",)))
    return subjects


def _run(subjects: list[Subject], *, match: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        start = time.perf_counter()
        with session_scope(engine) as session:
            store = SqlEntityStore(session)
            resolver = Resolver(store)
            for subject in subjects:
                if match:
                    resolver.resolve(subject)
                else:
                    store.create(subject, subject_keys(subject))
        elapsed = time.perf_counter() - start
        engine.dispose()
    return elapsed


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    subjects = _names(n)
    baseline = _run(subjects, match=False)
    resolved = _run(subjects, match=True)
    print(f"names: {n}")
    print(f"baseline (store without matching): {baseline:.1f} s = {n / baseline:.0f} names/s")
    print(f"resolver (exact keys + blocked fuzzy): {resolved:.1f} s = {n / resolved:.0f} names/s")
    print(f"ratio resolver / baseline: {resolved / baseline:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
