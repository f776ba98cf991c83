#!/usr/bin/env python3
"""Writes the DisentangleMetrics reference fixtures from disentanglement_lib 1.5 and scikit-learn.

Usage (from the package root; dlib_env installs disentanglement-lib 1.5 and scikit-learn into the environment if
they are missing):
  python3 -m venv /tmp/dlibenv
  /tmp/dlibenv/bin/python Scripts/metrics/make_metric_fixtures.py

Each case is one JSON file in Tests/DisentangleMetricsTests/Fixtures/: the codes (N x D, float32 values written
as exact decimals), the factors (N x K ints), the train fraction, and the values disentanglement_lib's metric entry
points return for them (train rows first, as its split rule has it). Estimator fixtures hold scikit-learn's
solutions for the estimators the metrics use.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlib_env  # noqa: E402
from dlib_env import dci, utils  # noqa: E402
import sklearn  # noqa: E402
from sklearn import linear_model, svm  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DisentangleMetricsTests",
                   "Fixtures")


def factor_grid_sample(rng, sizes, n):
    return np.stack([rng.randint(s, size=n) for s in sizes], axis=1)


def case_noisy_aligned():
    rng = np.random.RandomState(1)
    sizes = [3, 6, 12, 25]
    n = 500
    f = factor_grid_sample(rng, sizes, n)
    codes = np.zeros((n, 6))
    for j, s in enumerate(sizes):
        codes[:, j] = (f[:, j] / (s - 1)) * 2 - 1 + 0.08 * rng.randn(n)
    codes[:, 4:] = rng.randn(n, 2)
    return "noisy_aligned", codes.astype(np.float32), f, True


def case_mixed():
    rng = np.random.RandomState(2)
    sizes = [2, 5, 8]
    n = 600
    f = factor_grid_sample(rng, sizes, n)
    z = (f - f.mean(axis=0)) / f.std(axis=0)
    a = rng.randn(3, 5)
    codes = z @ a + 0.3 * rng.randn(n, 5)
    return "mixed", codes.astype(np.float32), f, True


def case_grid_edges():
    # Codes that are exact affine maps of the factors put many values exactly on histogram edges; one code is
    # constant (IRS drops it; explicitness is undefined in disentanglement_lib: the z-scoring divides by 0).
    rng = np.random.RandomState(3)
    sizes = [4, 5, 10, 30]
    n = 400
    f = factor_grid_sample(rng, sizes, n)
    codes = np.zeros((n, 5))
    codes[:, 0] = f[:, 0] * 0.5 - 1.0
    codes[:, 1] = f[:, 1] * 0.25 + f[:, 2] * 0.01
    codes[:, 2] = f[:, 2] * 0.2
    codes[:, 3] = 3.0
    codes[:, 4] = f[:, 3] * 0.125 - 2.0
    return "grid_edges", codes.astype(np.float32), f, False


def as_list(a):
    return np.asarray(a).tolist()


def mig_per_factor(codes, factors):
    mus = codes.astype(np.float64).T
    ys = factors.T
    m = utils.discrete_mutual_info(utils.make_discretizer(mus), ys)
    entropy = utils.discrete_entropy(ys)
    sorted_m = np.sort(m, axis=0)[::-1]
    return (sorted_m[0, :] - sorted_m[1, :]) / entropy


def write_case(name, codes, factors, with_explicitness):
    expected = {}
    mig_result = dlib_env.run_metric("mig", codes, factors)
    expected["mig"] = {"score": float(mig_result["discrete_mig"]),
                       "per_factor": as_list(mig_per_factor(codes, factors))}
    np.random.seed(0)
    d = dlib_env.run_metric("dci", codes, factors)
    n_train = int(np.ceil(codes.shape[0] * 0.8))
    np.random.seed(0)
    importance, _, _ = dci.compute_importance_gbt(codes[:n_train].astype(np.float64).T, factors[:n_train].T,
                                                  codes[n_train:].astype(np.float64).T, factors[n_train:].T)
    expected["dci"] = {k: float(v) for k, v in d.items()}
    expected["dci"]["importance_matrix"] = as_list(importance)
    # scikit-learn's GradientBoostingClassifier(random_state=None) breaks ties between equally good splits with
    # numpy's global RandomState, and DCI moves by up to ~0.03 between seeds; the mean over seeds 0..4 is the
    # reference the Swift tests compare their own seed mean with.
    runs = []
    for seed in range(5):
        np.random.seed(seed)
        runs.append(dlib_env.run_metric("dci", codes, factors))
    expected["dci_seed_mean"] = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    expected["dci_seed_spread"] = {k: float(np.ptp([r[k] for r in runs])) for k in runs[0]}
    expected["sap"] = {"score": float(dlib_env.run_metric("sap", codes, factors)["SAP_score"])}
    if with_explicitness:
        me = dlib_env.run_metric("modularity_explicitness", codes, factors)
        expected["modularity"] = {"score": float(me["modularity_score"])}
        expected["explicitness"] = {"train": float(me["explicitness_score_train"]),
                                    "test": float(me["explicitness_score_test"])}
    else:
        mus_train = codes[:n_train].astype(np.float64).T
        mi = utils.discrete_mutual_info(utils.make_discretizer(mus_train), factors[:n_train].T)
        expected["modularity"] = {
            "score": float(dlib_env.modularity_explicitness.modularity(mi))}
    ir = dlib_env.run_metric("irs", codes, factors)
    expected["irs"] = {"score": float(ir["IRS"])}
    un = dlib_env.run_metric("unsupervised", codes, factors)
    # A constant code makes disentanglement_lib's Gaussian total correlation NaN; it is stored as null.
    expected["unsupervised"] = {k: (None if np.isnan(v) else float(v)) for k, v in un.items()}
    payload = {
        "name": name,
        "train_fraction": 0.8,
        "codes": as_list(codes.astype(np.float64)),
        "factors": as_list(factors),
        "expected": expected,
    }
    with open(os.path.join(OUT, f"case_{name}.json"), "w") as fh:
        json.dump(payload, fh)
    print(name, json.dumps(expected, default=str)[:400])


def write_estimators():
    _, codes, factors, _ = case_mixed()
    x = codes.astype(np.float64)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    out = {"x": as_list(x), "y_binary": as_list(factors[:, 0]), "y_multi": as_list(factors[:, 2])}
    binary = linear_model.LogisticRegression().fit(x, factors[:, 0])
    multi = linear_model.LogisticRegression().fit(x, factors[:, 2])
    out["logistic_binary"] = {"coef": as_list(binary.coef_), "intercept": as_list(binary.intercept_),
                              "n_iter": int(binary.n_iter_[0])}
    out["logistic_multi"] = {"coef": as_list(multi.coef_), "intercept": as_list(multi.intercept_),
                             "n_iter": int(multi.n_iter_[0])}
    svc = {}
    for dual in (True, False):
        model = svm.LinearSVC(C=0.01, class_weight="balanced", dual=dual, tol=1e-10 if dual else 1e-4,
                              max_iter=100000)
        model.fit(x[:, :1], factors[:, 2])
        svc["dual" if dual else "primal"] = {"coef": as_list(model.coef_), "intercept": as_list(model.intercept_)}
    out["linear_svc_feature0_multi"] = svc
    model = svm.LinearSVC(C=0.01, class_weight="balanced", dual=True, tol=1e-10, max_iter=100000)
    model.fit(x[:, :1], factors[:, 0])
    out["linear_svc_feature0_binary"] = {"coef": as_list(model.coef_), "intercept": as_list(model.intercept_)}
    lasso = linear_model.Lasso(alpha=0.02).fit(x, factors[:, 2].astype(np.float64))
    out["lasso_alpha_0.02"] = {"coef": as_list(lasso.coef_), "intercept": float(lasso.intercept_),
                               "n_iter": int(lasso.n_iter_)}
    out["versions"] = {"numpy": np.__version__, "sklearn": sklearn.__version__}
    with open(os.path.join(OUT, "estimators.json"), "w") as fh:
        json.dump(out, fh)


def main():
    os.makedirs(OUT, exist_ok=True)
    for make in (case_noisy_aligned, case_mixed, case_grid_edges):
        write_case(*make())
    write_estimators()


if __name__ == "__main__":
    main()
