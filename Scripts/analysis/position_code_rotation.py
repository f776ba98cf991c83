"""Orientation of the position code of every model an `sbd-vs-deconv` run saved, measured in PyTorch.

For each OUT/runs/<decoder>-seed<s>/checkpoints/latest/model.safetensors, loads the encoder into the reference
PyTorch architecture (Scripts/nn/make_parity_fixtures.py), encodes circles sampled by the Swift CLI, and fits the
two lowest-variance latents linearly on the position. Prints the fit's R^2 and the angle between the latent axes
and the x/y axes (0 = aligned, 45 = diagonal): the same diagnostic the example writes to summary.json as
`position_code`, here on sampled positions instead of the full grid, so it can be applied to runs made before the
example reported it. OUT may also be a single run directory (one with `checkpoints/`, e.g. made by
`disentangle train`); `--every-checkpoint` measures each saved `step-*` checkpoint instead of only the latest, to
follow the orientation through training.

    swift build -c release --product disentangle
    python3 Scripts/analysis/position_code_rotation.py OUT [--samples 4000 --seed 7] [--every-checkpoint]

Needs numpy, torch and safetensors.
"""
import argparse
import glob
import math
import os
import subprocess
import tempfile

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import load_file

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def encoder():
    return nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1), nn.ReLU(), nn.Conv2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(64, 64, 4, 2, 1), nn.ReLU(), nn.Flatten(), nn.Linear(1024, 256), nn.ReLU(), nn.Linear(256, 20))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", help="an sbd-vs-deconv output directory, or one run directory")
    parser.add_argument("--samples", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--every-checkpoint", action="store_true", help="measure every step-* checkpoint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        images, factors = os.path.join(tmp, "x.npy"), os.path.join(tmp, "f.npy")
        subprocess.run([os.path.join(ROOT, ".build", "release", "disentangle"), "datasets", "preview", "circles-32",
                        "--out", images, "--factors-out", factors, "--count", str(args.samples),
                        "--seed", str(args.seed)], check=True, capture_output=True)
        x = torch.from_numpy(np.load(images))
        positions = np.load(factors).astype(float)
    positions -= positions.mean(0)
    model = encoder()
    if os.path.isdir(os.path.join(args.out, "checkpoints")):
        runs = [args.out]
    else:
        runs = sorted(glob.glob(os.path.join(args.out, "runs", "*-seed*")))
    checkpoints = "step-*" if args.every_checkpoint else "latest"
    for run in runs:
        for checkpoint in sorted(glob.glob(os.path.join(run, "checkpoints", checkpoints))):
            weights = os.path.join(checkpoint, "model.safetensors")
            if os.path.exists(weights):
                label = os.path.basename(run) + ("/" + os.path.basename(checkpoint) if args.every_checkpoint else "")
                report(label, load_file(weights), model, x, positions)


def report(label, state, model, x, positions):
    """Prints how linearly, and at which angle, the two lowest-variance latents encode the position."""
    model.load_state_dict({k[len("encoder."):]: v for k, v in state.items() if k.startswith("encoder.")})
    with torch.no_grad():
        out = model(x).numpy().astype(float)
    variance = np.exp(out[:, 10:]).mean(0)
    dims = np.argsort(variance)[:2]
    z = out[:, dims] - out[:, dims].mean(0)
    a, *_ = np.linalg.lstsq(positions, z, rcond=None)  # z ~ positions @ a
    u, _, vt = np.linalg.svd(a)
    nearest = u @ vt  # the orthogonal matrix nearest a
    angle = math.degrees(math.atan2(nearest[0, 1], nearest[0, 0])) % 90
    r2 = 1 - ((z - positions @ a) ** 2).sum() / (z ** 2).sum()
    print(f"{label:14s} latents {dims.tolist()}  position R^2 {r2:.3f}  "
          f"rotation {min(angle, 90 - angle):4.1f} deg")


if __name__ == "__main__":
    main()
