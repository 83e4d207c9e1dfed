"""The fuzzer: mutated real documents against every parser (see fuzz/run.py)."""
