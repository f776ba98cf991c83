#!/usr/bin/env python3
"""Writes the small seed corpora of the fuzz harnesses into Fuzz/Corpora/<harness>/ (numpy needed).

The sidecar and run-configuration seeds are copies of files written by `disentangle train` (see Fuzz/README.md).
"""
import gzip, io, json, os, struct, zipfile
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
