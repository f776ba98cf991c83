#!/usr/bin/env python3
"""Writes InfoMEC fixtures (Hsu et al. 2023) computed with scikit-learn as the authors' code computes them for
continuous codes (kylehkhsu/latent_quantization, disentangle/metrics/infomec.py, read, not copied).

Usage (from the package root, with numpy and scikit-learn, e.g. the venv of make_metric_fixtures.py):
  /tmp/dlibenv/bin/python Scripts/metrics/make_infomec_fixtures.py

For the reference cases (Fixtures/case_*.json):
  NMI[k, j] = mutual_info_classif(z_j, v_k, n_neighbors=10) / mutual_info_score(v_k, v_k)
             (codes standardised first; the estimator adds noise of relative size 1e-10 from random_state,
              reported over 5 seeds as a spread)
  active    = range(z_j) > max_j range(z_j) / 20
  InfoM     = (mean_j max_k NMI / sum_k NMI - 1/K) / (1 - 1/K)  over active codes
  InfoC     = (mean_k max_j NMI / sum_j NMI - 1/A) / (1 - 1/A)  over active codes
  InfoE     = mean_k (H0_k - CE_k) / H0_k, CE_k the training log_loss of LogisticRegression(C=inf,
              class_weight="balanced", lbfgs, max_iter=100) on the standardised codes, H0_k the same on zeros.
The authors pass penalty=None and multi_class="multinomial", which scikit-learn 1.9 spells C=np.inf and the default.
"""
import json
import os
import warnings

import numpy as np
from sklearn import feature_selection, linear_model, metrics, preprocessing

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DisentangleMetricsTests",
                        "Fixtures")
CASES = ["noisy_aligned", "mixed", "grid_edges"]


def cross_entropy(x, y):
    model = linear_model.LogisticRegression(C=np.inf, class_weight="balanced", solver="lbfgs", max_iter=100, tol=1e-4)
    model.fit(x, y)
    return metrics.log_loss(y, model.predict_proba(x))


def infomec(codes, factors, seed):
    sources = np.stack([preprocessing.LabelEncoder().fit_transform(f) for f in factors.T], axis=1)
    z = preprocessing.StandardScaler().fit_transform(codes)
    k, d = sources.shape[1], z.shape[1]
    nmi = np.zeros((k, d))
    for i in range(k):
        for j in range(d):
            nmi[i, j] = feature_selection.mutual_info_classif(z[:, j][:, None], sources[:, i], discrete_features=False,
                                                              n_neighbors=10, random_state=seed)[0]
        nmi[i] /= metrics.mutual_info_score(sources[:, i], sources[:, i])
    ranges = codes.max(axis=0) - codes.min(axis=0)
    active = ranges > ranges.max() / 20
    pruned = nmi[:, active]
    a = active.sum()
    infom = (np.mean(pruned.max(axis=0) / pruned.sum(axis=0)) - 1 / k) / (1 - 1 / k)
    infoc = (np.mean(pruned.max(axis=1) / pruned.sum(axis=1)) - 1 / a) / (1 - 1 / a)
    per_factor = []
    for i in range(k):
        ce = cross_entropy(z, sources[:, i])
        h0 = cross_entropy(np.zeros_like(z), sources[:, i])
        per_factor.append((h0 - ce) / h0)
    return {"infom": float(infom), "infoc": float(infoc), "infoe": float(np.mean(per_factor)),
            "per_factor_explicitness": per_factor, "nmi": nmi.tolist(), "active": active.tolist()}


def main():
    warnings.simplefilter("ignore")
    for name in CASES:
        with open(os.path.join(FIXTURES, f"case_{name}.json")) as f:
            case = json.load(f)
        codes = np.array(case["codes"], dtype=np.float64)
        factors = np.array(case["factors"], dtype=np.int64)
        runs = [infomec(codes, factors, seed) for seed in range(5)]
        out = dict(runs[0])
        for key in ("infom", "infoc"):
            values = [r[key] for r in runs]
            out[key + "_seed_range"] = [min(values), max(values)]
        with open(os.path.join(FIXTURES, f"infomec_{name}.json"), "w") as f:
            json.dump(out, f, indent=1)
        print(name, {k: out[k] for k in ("infom", "infoe", "infoc", "infom_seed_range")})


if __name__ == "__main__":
    main()
