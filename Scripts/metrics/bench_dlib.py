#!/usr/bin/env python3
"""Times disentanglement_lib's metrics on the input of Benchmarks/benchmarks/MetricsBenchmarks.swift.

Usage (dlib_env installs disentanglement-lib into the environment if needed): /tmp/dlibenv/bin/python Scripts/metrics/bench_dlib.py [metric ...]
Prints one JSON object per line, {"name", "value", "unit", ...}, like the Swift benchmark, so the two can be
divided. The input is drawn from the same SplitMix64 stream as the Swift side: N = 10,000, D = 10, K = 5,
factor sizes [3, 6, 40, 32, 32]; metrics with a split train on the first 8,000 rows.
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlib_env  # noqa: E402

MASK = (1 << 64) - 1


def benchmark_input(n=10_000, d=10, sizes=(3, 6, 40, 32, 32)):
    state = 20_240_601

    def uniform():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        return (z >> 11) * 2.0 ** -53

    codes = np.zeros((n, d), dtype=np.float32)
    factors = np.zeros((n, len(sizes)), dtype=np.int64)
    for i in range(n):
        row = [min(s - 1, int(uniform() * s)) for s in sizes]
        factors[i] = row
        for j in range(d):
            noise = uniform() + uniform() + uniform() + uniform() - 2
            value = 2 * row[j] / (sizes[j] - 1) - 1 + 0.1 * noise if j < len(sizes) else noise
            codes[i, j] = value
    return codes, factors


def main():
    codes, factors = benchmark_input()
    names = sys.argv[1:] or ["mig", "sap", "modularity_explicitness", "irs", "unsupervised", "dci"]
    for name in names:
        np.random.seed(0)
        start = time.perf_counter()
        result = dlib_env.run_metric(name, codes, factors)
        seconds = time.perf_counter() - start
        print(json.dumps({"name": f"dlib.{name}", "value": seconds, "unit": "s", "n": 10000, "d": 10, "k": 5,
                          "result": {k: float(v) for k, v in result.items()}}), flush=True)


if __name__ == "__main__":
    main()
