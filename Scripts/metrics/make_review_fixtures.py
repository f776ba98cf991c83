#!/usr/bin/env python3
"""Writes fixtures for the MIG family of Carbonneau et al.'s review (MIG-sup, JEMMIG, DCIMIG, MIG normalised by
the code's entropy) from an independent numpy implementation of the published definitions.

Usage (from the package root, with numpy and scikit-learn installed, e.g. the venv of make_metric_fixtures.py):
  /tmp/dlibenv/bin/python Scripts/metrics/make_review_fixtures.py

It reads the codes and factors of the reference cases (Fixtures/case_*.json, written by make_metric_fixtures.py)
and writes Fixtures/review_<case>.json with the values for 20 bins (this library's default) and 10 bins (the
default of ubisoft-laforge-disentanglement-metrics). Definitions, with I the plug-in mutual information of
histogram-discretised codes (disentanglement_lib's np.digitize/np.histogram rule) and factor labels, in nats
(sklearn.metrics.mutual_info_score), and H the plug-in entropy:
  MIG (code entropy):  mean_k [ max_j I(z_j;v_k)/H(z_j) - second_j I(z_j;v_k)/H(z_j) ]   (0 where H(z_j) = 0)
  MIG-sup:             mean_j [ max_k I(z_j;v_k)/H(v_k) - second_k I(z_j;v_k)/H(v_k) ]   (Li et al. 2020)
  MIG-sup (code):      mean_j [ max_k I(z_j;v_k)/H(z_j) - second_k ... ]
  JEMMIG:              mean_k 1 - [H(v_k, z_j*) - I(z_j*;v_k) + second_j I(z_j;v_k)] / [H(v_k) + ln B],
                       j* = argmax_j I(z_j;v_k)                                             (Do & Tran 2020)
  DCIMIG:              per code j the gap max_k I - second_k I credited to argmax_k; D_k = largest gap credited
                       to k (0 if none); score = sum_k D_k / sum_k H(v_k)                    (Sepliarskaia et al.)
"""
import json
import os

import numpy as np
from sklearn.metrics import mutual_info_score

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DisentangleMetricsTests",
                        "Fixtures")
CASES = ["noisy_aligned", "mixed", "grid_edges"]


def discretize(codes, bins):
    return np.stack([np.digitize(c, np.histogram(c, bins)[1][:-1]) for c in codes.T], axis=1)


def entropy(labels):
    _, counts = np.unique(labels, return_counts=True, axis=0)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())


def top_two(values):
    order = np.sort(values)[::-1]
    return order[0], order[1], int(np.argmax(values))


def review_metrics(codes, factors, bins):
    z = discretize(codes.astype(np.float64), bins)
    d, k = z.shape[1], factors.shape[1]
    mi = np.array([[mutual_info_score(factors[:, f], z[:, j]) for f in range(k)] for j in range(d)])
    h_v = np.array([entropy(factors[:, f]) for f in range(k)])
    h_z = np.array([entropy(z[:, j]) for j in range(d)])
    by_factor = mi / h_v[None, :]
    by_code = np.where(h_z[:, None] > 0, mi / np.where(h_z > 0, h_z, 1)[:, None], 0.0)

    mig_code = [top_two(by_code[:, f])[0] - top_two(by_code[:, f])[1] for f in range(k)]
    mig_sup = [top_two(by_factor[j])[0] - top_two(by_factor[j])[1] for j in range(d)]
    mig_sup_code = [top_two(by_code[j])[0] - top_two(by_code[j])[1] for j in range(d)]
    jemmig, gaps = [], []
    for f in range(k):
        first, second, j = top_two(mi[:, f])
        joint = entropy(np.stack([factors[:, f], z[:, j]], axis=1))
        gap = joint - first + second
        gaps.append(gap)
        jemmig.append(1 - gap / (h_v[f] + np.log(bins)))
    credited = np.zeros(k)
    for j in range(d):
        first, second, f = top_two(mi[j])
        credited[f] = max(credited[f], first - second)
    return {
        "mig_code_entropy": {"score": float(np.mean(mig_code)), "per_factor": mig_code},
        "mig_sup": {"score": float(np.mean(mig_sup)), "per_code": mig_sup},
        "mig_sup_code_entropy": {"score": float(np.mean(mig_sup_code)), "per_code": mig_sup_code},
        "jemmig": {"score": float(np.mean(jemmig)), "per_factor": jemmig, "unnormalized_gap": gaps},
        "dcimig": {"score": float(credited.sum() / h_v.sum()), "per_factor_gap": credited.tolist()},
    }


def main():
    for name in CASES:
        with open(os.path.join(FIXTURES, f"case_{name}.json")) as f:
            case = json.load(f)
        codes = np.array(case["codes"], dtype=np.float64)
        factors = np.array(case["factors"], dtype=np.int64)
        out = {"name": name, "bins": {str(b): review_metrics(codes, factors, b) for b in (20, 10)}}
        with open(os.path.join(FIXTURES, f"review_{name}.json"), "w") as f:
            json.dump(out, f, indent=1)
        print(name, {b: round(v["jemmig"]["score"], 6) for b, v in out["bins"].items()})


if __name__ == "__main__":
    main()
