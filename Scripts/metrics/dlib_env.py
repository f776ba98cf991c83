"""Imports disentanglement_lib's metric modules without TensorFlow, installing them first if needed.

Run the scripts of this folder with a virtual environment's Python (python3 -m venv /tmp/dlibenv); if
disentanglement_lib is missing, this module installs, with that interpreter's pip,
  numpy scipy scikit-learn gin-config==0.4.0 absl-py six   and   disentanglement-lib==1.5 --no-deps
(gin-config 0.5 fails at import: the library passes `blacklist=`; --no-deps keeps TensorFlow out).

Every metric module does `import gin.tf`, whose __init__ imports TensorFlow; nothing the metrics run uses it,
so an empty module stands in for it. The gin bindings are the ones of
config/unsupervised_study_v1/metric_configs/*.gin (the FactorVAE score's
prune_dims.threshold is not bound: that score is not computed here).
"""
import subprocess
import sys
import types


def _ensure_installed():
    try:
        import disentanglement_lib  # noqa: F401
        import gin  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        pip = [sys.executable, "-m", "pip", "install", "--quiet"]
        subprocess.check_call(pip + ["numpy", "scipy", "scikit-learn", "gin-config==0.4.0", "absl-py", "six"])
        subprocess.check_call(pip + ["--no-deps", "disentanglement-lib==1.5"])


_ensure_installed()

import numpy as np  # noqa: E402

sys.modules["gin.tf"] = types.ModuleType("gin.tf")
import gin  # noqa: E402

gin.tf = sys.modules["gin.tf"]

from disentanglement_lib.evaluation.metrics import (  # noqa: E402
    dci, irs, mig, modularity_explicitness, sap_score, unsupervised_metrics, utils)

gin.parse_config([
    "discretizer.discretizer_fn = @histogram_discretizer",
    "discretizer.num_bins = 20",
])


class FixedRows:
    """A ground-truth "dataset" that serves fixed rows in order; observations are the codes themselves.

    disentanglement_lib's metrics draw their train rows first, then their test rows, so serving the rows in
    order reproduces its split rule: the first n_train rows train, the rest test.
    """

    def __init__(self, codes, factors):
        self.codes = np.asarray(codes, dtype=np.float64)
        self.factors = np.asarray(factors)
        self.position = 0

    @property
    def num_factors(self):
        return self.factors.shape[1]

    def sample(self, num, random_state):
        del random_state
        start, self.position = self.position, self.position + num
        return self.factors[start:start + num].copy(), self.codes[start:start + num].copy()


def identity(observations):
    return observations


def run_metric(name, codes, factors, train_fraction=0.8):
    """Runs one disentanglement_lib metric entry point on fixed (N, D) codes and (N, K) factors."""
    n = codes.shape[0]
    n_train = int(np.ceil(n * train_fraction))
    n_test = n - n_train
    data = FixedRows(codes, factors)
    state = np.random.RandomState(0)
    if name == "mig":
        return mig.compute_mig(data, identity, state, num_train=n, batch_size=16)
    if name == "dci":
        return dci.compute_dci(data, identity, state, num_train=n_train, num_test=n_test, batch_size=16)
    if name == "sap":
        return sap_score.compute_sap(data, identity, state, num_train=n_train, num_test=n_test, batch_size=16,
                                     continuous_factors=False)
    if name == "modularity_explicitness":
        return modularity_explicitness.compute_modularity_explicitness(
            data, identity, state, num_train=n_train, num_test=n_test, batch_size=16)
    if name == "irs":
        return irs.compute_irs(data, identity, state, num_train=n, batch_size=16)
    if name == "unsupervised":
        return unsupervised_metrics.unsupervised_metrics(data, identity, state, num_train=n, batch_size=16)
    raise ValueError(name)
