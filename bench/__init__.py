"""PolicyAtlas benchmarks: a corpus scaler, baselines users would reach for instead, and the harness
that measures both side by side (``python -m bench.run``; ``make bench``)."""
