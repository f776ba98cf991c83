#!/usr/bin/env python3
"""Writes the small seed corpora of the fuzz harnesses into Fuzz/Corpora/<harness>/ (numpy and h5py needed:
`pip install numpy h5py`).

The sidecar and run-configuration seeds are copies of files written by `disentangle train` (see Fuzz/README.md).
"""
import gzip, io, json, os, struct, tempfile, zipfile
import h5py
import numpy as np

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpora")

def put(harness, name, data):
    os.makedirs(os.path.join(root, harness), exist_ok=True)
    with open(os.path.join(root, harness, name), "wb") as f:
        f.write(data)

def npy(array, version=None):
    buffer = io.BytesIO()
    if version is None:
        np.save(buffer, array)
    else:
        np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()

put("npy", "float32-2x3.npy", npy(np.arange(6, dtype="<f4").reshape(2, 3)))
put("npy", "uint8-4.npy", npy(np.array([0, 1, 2, 255], dtype="u1")))
put("npy", "int64-scalar.npy", npy(np.array(7, dtype="<i8")))
put("npy", "float64-v2.npy", npy(np.array([[0.5], [-1.0]], dtype="<f8"), version=(2, 0)))
put("npy", "bool-empty.npy", npy(np.zeros((0, 3), dtype="?")))

def npz(members, compression, zip64=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, array in members.items():
            with archive.open(name + ".npy", "w", force_zip64=zip64) as member:
                member.write(npy(array))
    return buffer.getvalue()

codes = {"codes": np.arange(6, dtype="<f4").reshape(3, 2), "factors": np.array([[0], [1], [2]], dtype="<i8")}
put("npz", "stored.npz", npz(codes, zipfile.ZIP_STORED))
put("npz", "deflated.npz", npz(codes, zipfile.ZIP_DEFLATED))
put("npz", "zip64.npz", npz(codes, zipfile.ZIP_DEFLATED, zip64=True))
classes = np.array([[0, s, 0, 0, x, 0] for s in range(2) for x in range(2)], dtype="<i8")
sprites = {
    "imgs": (np.arange(4 * 2 * 2).reshape(4, 2, 2) % 2).astype("u1"),
    "latents_classes": classes,
    "latents_values": classes.astype("<f8") / 2,
}
put("npz", "dsprites-layout.npz", npz(sprites, zipfile.ZIP_DEFLATED))

def safetensors(tensors, metadata=None):
    header, data, offset = {}, b"", 0
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, array) in tensors.items():
        raw = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data

put("safetensors", "one-f32.safetensors", safetensors({"w": ("F32", np.arange(4, dtype="<f4").reshape(2, 2))}))
put("safetensors", "two-with-metadata.safetensors", safetensors(
    {"a.weight": ("F32", np.ones((3,), dtype="<f4")), "a.bias": ("F32", np.zeros((1, 1), dtype="<f4"))},
    {"format": "pt", "step": "3"}))
put("safetensors", "f64-i64.safetensors", safetensors(
    {"x": ("F64", np.array([1.5], dtype="<f8")), "n": ("I64", np.array([2, 3], dtype="<i8"))}))

idx = bytes([0, 0, 8, 3]) + struct.pack(">III", 2, 2, 2) + bytes(range(8))
put("idx", "images-2x2x2.idx", idx)
put("idx", "labels-3.idx", bytes([0, 0, 8, 1]) + struct.pack(">I", 3) + bytes([1, 2, 3]))
put("idx", "images-2x2x2.idx.gz", gzip.compress(idx, mtime=0))


def grid_rows(sizes):
    """Every class tuple of the grid `sizes`, last factor fastest."""
    return np.array(np.meshgrid(*[np.arange(n) for n in sizes], indexing="ij")).reshape(len(sizes), -1).T

def h5(write):
    """The bytes of an HDF5 file written by h5py (default settings: version-0 superblock, no checksums)."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "seed.h5")
        with h5py.File(path, "w") as f:
            write(f)
        with open(path, "rb") as f:
            return f.read()

shapes3d_sizes = [2, 1, 1, 2, 1, 3]
shapes3d_labels = grid_rows(shapes3d_sizes).astype("<f8") / np.maximum(np.array(shapes3d_sizes) - 1, 1)
shapes3d_images = (np.arange(12 * 2 * 2 * 3) % 251).astype("u1").reshape(12, 2, 2, 3)
def shapes3d_contiguous(f):
    f.create_dataset("images", data=shapes3d_images)
    f.create_dataset("labels", data=shapes3d_labels)
def shapes3d_chunked(f):
    f.create_dataset("images", data=shapes3d_images, chunks=(1, 2, 2, 3), compression="gzip")
    f.create_dataset("labels", data=shapes3d_labels)
def shapes3d_float_images(f):
    f.create_dataset("images", data=shapes3d_images.astype("<f4") / 255)
    f.create_dataset("labels", data=shapes3d_labels.astype("<f4"))
put("shapes3d", "contiguous.h5", h5(shapes3d_contiguous))
put("shapes3d", "chunked-gzip.h5", h5(shapes3d_chunked))
put("shapes3d", "float-images.h5", h5(shapes3d_float_images))

put("mpi3d", "grid-4.npz", npz({"images": (np.arange(4 * 2 * 2 * 3) % 256).astype("u1").reshape(4, 2, 2, 3)}, zipfile.ZIP_STORED))
put("mpi3d", "deflated-2.npz", npz({"images": np.ones((2, 2, 2, 3), dtype="u1")}, zipfile.ZIP_DEFLATED))

def norb(magic, array):
    dims = list(array.shape) + [1] * max(0, 3 - array.ndim)
    return struct.pack("<ii", magic, array.ndim) + struct.pack(f"<{len(dims)}i", *dims) + array.tobytes()

def norb_split(sizes, side):
    """The three files of a SmallNORB split over the grid `sizes`, framed for the smallnorb harness."""
    classes = grid_rows(sizes)
    left = (np.arange(len(classes) * side * side) % 256).astype("u1").reshape(len(classes), side, side)
    dat = norb(0x1E3D4C55, np.stack([left, 255 - left], axis=1))
    cat = norb(0x1E3D4C54, classes[:, 0].astype("<i4"))
    info = norb(0x1E3D4C54, np.stack(
        [classes[:, 1], classes[:, 2], classes[:, 3] * 2, classes[:, 4]], axis=1).astype("<i4"))
    return struct.pack("<HH", len(dat), len(cat)) + dat + cat + info

put("smallnorb", "grid-2x1x1x2x2.norb", norb_split([2, 1, 1, 2, 2], 3))
put("smallnorb", "grid-1x2x2x1x1.norb", norb_split([1, 2, 2, 1, 1], 2))
put("smallnorb", "float-matrix.mat", norb(0x1E3D4C51, np.array([[1.5, -2.0]], dtype="<f4")))

put("study-file", "sweep.yaml", b"""name: sweep
base:
  dataset: circles-32
  steps: 20
  latents: 4
axes:
  model: [beta-vae, factor-vae]
  beta: [1, 4]
  seed: [0, 1]
evaluation:
  metrics: [mig, dci]
  samples: 500
""")
put("study-file", "generated-axes.yaml", b"""base: {steps: 5, batch-size: 16}
axes:
  decoder: [sbd, deconv]
  beta: {logspace: [0.4, 5.4, 3]}
  learning-rate: {linspace: [0.0001, 0.001, 2]}
  seeds: 2
  zip:
    model: [beta-vae, factor-vae]
    gamma: [null, 20]
""")
put("study-file", "study.json", json.dumps(
    {"name": "json", "base": {"steps": 5}, "axes": {"decoder": ["sbd", "deconv"]}, "evaluation": {"metrics": ["all"]}}).encode())
