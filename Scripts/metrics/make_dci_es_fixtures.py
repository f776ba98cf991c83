#!/usr/bin/env python3
"""Writes the spread over seeds of DCI-ES explicitness (Eastwood et al. 2023) with scikit-learn random-forest probes,
computed as the authors' code does (andreinicolicioiu/DCI-ES, read, not copied).

Usage (from the package root, with numpy and scikit-learn, e.g. the venv of make_metric_fixtures.py):
  /tmp/dlibenv/bin/python Scripts/metrics/make_dci_es_fixtures.py

For the reference cases noisy_aligned and mixed (Fixtures/case_*.json), probe capacities (max_depth) 1, 2, 4, 8, 16
and seeds 0..4: per factor RandomForestClassifier(max_depth=c, n_estimators=100, random_state=seed) fitted on the
first ceil(0.8 N) rows; loss = 1 - test accuracy; the curve is made non-increasing (running minimum); E_k = 1 -
2 * trapezoid area above the curve's minimum / ((c_max - c_min) * (1 - 1/n_k)); E = mean over factors.
Writes Fixtures/dci_es.json with E's mean, standard deviation, minimum and maximum over the seeds.
"""
import json
import os

import numpy as np
from sklearn.ensemble import RandomForestClassifier

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DisentangleMetricsTests",
                        "Fixtures")
DEPTHS = [1, 2, 4, 8, 16]


def explicitness(codes, factors, seed):
    n_train = int(np.ceil(codes.shape[0] * 0.8))
    per_factor = []
    for k in range(factors.shape[1]):
        y = factors[:, k]
        losses = []
        for depth in DEPTHS:
            model = RandomForestClassifier(max_depth=depth, n_estimators=100, random_state=seed)
            model.fit(codes[:n_train], y[:n_train])
            losses.append(1 - model.score(codes[n_train:], y[n_train:]))
        curve = np.minimum.accumulate(np.array(losses))
        x = np.array(DEPTHS, dtype=np.float64)
        heights = 0.5 * (curve[:-1] - curve.min()) + 0.5 * (curve[1:] - curve.min())
        baseline = 1 - 1 / len(np.unique(y))
        per_factor.append(1 - 2 * np.sum(heights * np.diff(x)) / ((x[-1] - x[0]) * baseline))
    return float(np.mean(per_factor))


def main():
    out = {"depths": DEPTHS}
    for name in ["noisy_aligned", "mixed"]:
        with open(os.path.join(FIXTURES, f"case_{name}.json")) as f:
            case = json.load(f)
        codes = np.array(case["codes"], dtype=np.float64)
        factors = np.array(case["factors"], dtype=np.int64)
        values = [explicitness(codes, factors, seed) for seed in range(5)]
        out[name] = {"mean": float(np.mean(values)), "std": float(np.std(values)), "min": min(values), "max": max(values)}
        print(name, out[name])
    with open(os.path.join(FIXTURES, "dci_es.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
