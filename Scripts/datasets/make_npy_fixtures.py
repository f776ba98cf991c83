#!/usr/bin/env python3
"""Prints hex encodings of small .npy files written by NumPy, for Tests/DisentangleTensorTests/NumPyArrayTests.swift.

Each fixture is `name<TAB>hex`. The Swift tests embed these strings, so the tests run without Python; rerun this
script and paste its output when the fixtures change. With `--check DIR` it instead loads every `*.npy` in DIR with
NumPy and prints dtype, shape and values, to confirm that files written by Swift open in NumPy.
"""
import io
import sys

import numpy as np


def encode(array, version=None):
    buffer = io.BytesIO()
    if version is None:
        np.save(buffer, array)
    else:
        np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue().hex()


FIXTURES = {
    "f4_2x3_v1": (np.arange(6, dtype="<f4").reshape(2, 3) / 4, None),
    "f8_3_v2": (np.array([1.5, -2.25, 1e300], dtype="<f8"), (2, 0)),
    "i8_2x2_v3": (np.array([[-1, 2], [3, -(2**40)]], dtype="<i8"), (3, 0)),
    "u1_4": (np.array([0, 1, 128, 255], dtype="u1"), None),
    "i1_3": (np.array([-128, 0, 127], dtype="i1"), None),
    "i2_3": (np.array([-300, 0, 300], dtype="<i2"), None),
    "u2_2": (np.array([0, 65535], dtype="<u2"), None),
    "i4_scalar": (np.array(-7, dtype="<i4"), None),
    "b1_3": (np.array([True, False, True]), None),
    "f4_empty_0x5": (np.zeros((0, 5), dtype="<f4"), None),
    "f4_fortran_2x2": (np.asfortranarray(np.arange(4, dtype="<f4").reshape(2, 2)), None),
    "f4_bigendian_2": (np.array([1, 2], dtype=">f4"), None),
}

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        import pathlib

        for path in sorted(pathlib.Path(sys.argv[2]).glob("*.npy")):
            array = np.load(path)
            print(path.name, array.dtype.str, array.shape, array.ravel()[:8].tolist())
    else:
        for name, (array, version) in FIXTURES.items():
            print(f"{name}\t{encode(array, version)}")
