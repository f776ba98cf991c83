#!/usr/bin/env python3
"""Writes the UDR fixture from an independent numpy / scikit-learn / scipy implementation of disentanglement_lib's
`udr.compute_udr_sklearn` (the pip release 1.5 does not ship the udr module, so it cannot be imported).

Usage (from the package root, with numpy, scipy and scikit-learn, e.g. the venv of make_metric_fixtures.py):
  /tmp/dlibenv/bin/python Scripts/metrics/make_udr_fixture.py

Four synthetic "models" share 3 latent causes of 400 observations: each model holds a permuted, sign-flipped,
noisy copy of them (model 3 mixes two of them), plus collapsed codes whose KL is below the 0.01 threshold.
The steps, as disentanglement_lib's udr.py performs them: StandardScaler per model; codes with KL <= 0.01
zeroed; for every ordered pair (a, b) the |coef_|^T of Lasso(alpha=0.1).fit(rep_a, rep_b) or the
|scipy.stats.spearmanr| of every pair of codes; rows and columns of codes with KL > 0.01 kept; score =
mean of the column and row means of nan_to_num(max^2 / sum); a model's UDR = median over the pairs (other, model).
Writes Tests/DisentangleMetricsTests/Fixtures/udr.json: the codes, the KLs and the results.
"""
import json
import os
import sys

import numpy as np
import scipy.stats
from sklearn import linear_model, preprocessing

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DisentangleMetricsTests",
                   "Fixtures", "udr.json")


def models(rng, n=400, d=5):
    causes = rng.randn(n, 3)
    result = []
    for m in range(4):
        codes = 0.05 * rng.randn(n, d)
        kl = np.full(d, 0.001)
        order = rng.permutation(d)[:3]
        for c, j in enumerate(order):
            codes[:, j] = rng.choice([-1, 1]) * causes[:, c] + (0.1 + 0.2 * m) * rng.randn(n)
            kl[j] = 1.0 + m + c
        if m == 3:
            codes[:, order[0]] += 0.8 * causes[:, 1]
        result.append((codes.astype(np.float32).astype(np.float64), kl))
    return result


def relative_strength(r):
    def strength(axis):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.nan_to_num(np.power(np.max(r, axis=axis), 2) / np.sum(r, axis=axis))
    return (np.nanmean(strength(0)) + np.nanmean(strength(1))) / 2


def association(a, b, correlation):
    if correlation == "lasso":
        return np.abs(linear_model.Lasso(alpha=0.1).fit(a, b).coef_).T
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(np.array([[scipy.stats.spearmanr(a[:, i], b[:, j])[0] for j in range(b.shape[1])]
                                for i in range(a.shape[1])]))


def run(codes_and_kls, correlation):
    reps, masks = [], []
    for codes, kl in codes_and_kls:
        reps.append(preprocessing.StandardScaler().fit_transform(codes) * (kl > 0.01))
        masks.append(kl > 0.01)
    n = len(reps)
    pairwise = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            if a != b:
                r = association(reps[a], reps[b], correlation)
                pairwise[a, b] = relative_strength(r[masks[a], :][:, masks[b]])
    scores = [float(np.median(np.delete(pairwise[:, m], m))) for m in range(n)]
    return {"model_scores": scores, "pairwise_scores": pairwise.tolist()}


def main():
    data = models(np.random.RandomState(7))
    out = {"codes": [c.tolist() for c, _ in data], "kl": [kl.tolist() for _, kl in data]}
    for correlation in ("lasso", "spearman"):
        out[correlation] = run(data, correlation)
        print(correlation, out[correlation]["model_scores"])
    with open(OUT, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
