#!/usr/bin/env python3
"""Writes the spread of DCI with scikit-learn's RandomForestClassifier() over seeds, for the reference cases.

Usage (from the package root; dlib_env installs disentanglement-lib 1.5 and scikit-learn if they are missing):
  /tmp/dlibenv/bin/python Scripts/metrics/make_random_forest_dci_fixtures.py

For each case (Fixtures/case_*.json) and seeds 0..9: per factor RandomForestClassifier(random_state=seed) with
scikit-learn's defaults fitted on the raw training codes (the first ceil(0.8 N) rows); importance column =
feature_importances_; disentanglement and completeness by disentanglement_lib's dci.disentanglement /
dci.completeness; informativeness = mean accuracy on the training and the test rows. Forests are random, so the
fixture holds each value's mean, standard deviation, minimum and maximum over the seeds.
Writes Fixtures/random_forest_dci.json.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlib_env  # noqa: E402,F401
from dlib_env import dci  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DisentangleMetricsTests",
                        "Fixtures")
CASES = ["noisy_aligned", "mixed", "grid_edges"]


def forest_dci(codes, factors, train_fraction, seed):
    n_train = int(np.ceil(codes.shape[0] * train_fraction))
    x_train, x_test = codes[:n_train], codes[n_train:]
    importance = np.zeros((codes.shape[1], factors.shape[1]))
    train_acc, test_acc = [], []
    for k in range(factors.shape[1]):
        model = RandomForestClassifier(random_state=seed).fit(x_train, factors[:n_train, k])
        importance[:, k] = np.abs(model.feature_importances_)
        train_acc.append(np.mean(model.predict(x_train) == factors[:n_train, k]))
        test_acc.append(np.mean(model.predict(x_test) == factors[n_train:, k]))
    return {"disentanglement": dci.disentanglement(importance), "completeness": dci.completeness(importance),
            "informativeness_train": float(np.mean(train_acc)), "informativeness_test": float(np.mean(test_acc))}


def main():
    out = {}
    for name in CASES:
        with open(os.path.join(FIXTURES, f"case_{name}.json")) as f:
            case = json.load(f)
        codes = np.array(case["codes"], dtype=np.float64)
        factors = np.array(case["factors"], dtype=np.int64)
        runs = [forest_dci(codes, factors, case["train_fraction"], seed) for seed in range(10)]
        out[name] = {key: {"mean": float(np.mean([r[key] for r in runs])), "std": float(np.std([r[key] for r in runs])),
                           "min": float(np.min([r[key] for r in runs])), "max": float(np.max([r[key] for r in runs]))}
                     for key in runs[0]}
        print(name, {k: (round(v["mean"], 4), round(v["std"], 4)) for k, v in out[name].items()})
    with open(os.path.join(FIXTURES, "random_forest_dci.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
