#!/usr/bin/env python3
"""Times the numpy / scikit-learn reference implementations of the metrics added beside disentanglement_lib's
(the fixture scripts of this folder) on the input of Benchmarks/benchmarks/MetricsBenchmarks.swift.

Usage: /tmp/dlibenv/bin/python Scripts/metrics/bench_review.py [metric ...]
Prints one JSON object per line, {"name", "value", "unit", ...}, like the Swift benchmark. N = 10,000, D = 10, K = 5,
factor sizes [3, 6, 40, 32, 32]; metrics with a split train on the first 8,000 rows. The MIG family is timed as one
call (make_review_fixtures.review_metrics computes all of them from one discretisation; divide by the Swift total).
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_dlib import benchmark_input  # noqa: E402
import make_dci_es_fixtures  # noqa: E402
import make_infomec_fixtures  # noqa: E402
import make_random_forest_dci_fixtures  # noqa: E402
import make_review_fixtures  # noqa: E402
import make_udr_fixture  # noqa: E402


def udr_models(codes):
    rng = np.random.RandomState(1)
    kl = np.array([1.0 if j < 5 else 0.001 for j in range(codes.shape[1])])
    return [(np.roll(codes, -m, axis=1) + 0.1 * m * rng.randn(*codes.shape), kl) for m in range(4)]


def main():
    codes, factors = benchmark_input()
    codes = codes.astype(np.float64)
    make_dci_es_fixtures.DEPTHS = [1, 2, 3, 4, 8, 10, 12, 14, 16, 18, 20, 32]
    runs = {
        "mig_family": lambda: make_review_fixtures.review_metrics(codes, factors, 20)["jemmig"]["score"],
        "infomec": lambda: make_infomec_fixtures.infomec(codes, factors, 0)["infom"],
        "dci_random_forest": lambda: make_random_forest_dci_fixtures.forest_dci(codes, factors, 0.8, 0)["disentanglement"],
        "dci_es": lambda: make_dci_es_fixtures.explicitness(codes, factors, 0),
        "udr_lasso": lambda: make_udr_fixture.run(udr_models(codes), "lasso")["model_scores"],
    }
    for name in sys.argv[1:] or list(runs):
        start = time.perf_counter()
        result = runs[name]()
        seconds = time.perf_counter() - start
        print(json.dumps({"name": f"reference.{name}", "value": seconds, "unit": "s", "n": 10000, "d": 10, "k": 5,
                          "result": result}), flush=True)


if __name__ == "__main__":
    main()
