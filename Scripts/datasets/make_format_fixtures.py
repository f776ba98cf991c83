#!/usr/bin/env python3
"""Writes small files in the real formats of the datasets `disentangle train --dataset` reads, for the loader tests.

Run from the repository root (needs numpy and h5py: `pip install numpy h5py`):

    python3 Scripts/datasets/make_format_fixtures.py

Every image encodes its row so the tests can check which image a loader returns: pixel (0, 0) of channel 0 holds the
row number (as a byte, or row / 100 for float images) and the rest is a fixed pattern. Files written:

Tests/DisentangleDatasetsTests/Fixtures/
  grid_nhwc.npy, grid_factors.npy   uint8 6 x 5 x 4 x 3 images (NHWC) with labels (6 x 2 float64) forming the grid
                                    2 x 3 in shuffled row order, names in the tests: 'a' (values 0.5, 1.5) and 'b'
  float_nchw.npy                    float32 4 x 1 x 5 x 5 images without labels
  partial_labels.npz                np.savez_compressed: 'images' uint8 5 x 4 x 4, 'labels' int64 5 (digits 3,1,3,0,1)
  stored.npz                        np.savez (stored members): 'x' uint8 6 x 2 x 3 x 3 (NCHW), 'y' int32 6 x 2 grid
  dsprites_stored.npz               the dSprites layout, stored: imgs uint8 8 x 6 x 6 (0/1), latents_classes int64 8 x 6,
                                    latents_values float64 8 x 6, metadata; grid color 1 x shape 2 x scale 1 x
                                    orientation 2 x posX 2 x posY 1
  mpi3d_small.npz                   MPI3D layout, stored: 'images' uint8 24 x 4 x 4 x 3 in grid order of
                                    [2, 1, 1, 2, 1, 3, 2] (read with grid=2,1,1,2,1,3,2)
  smallnorb-tiny-training-dat.mat   SmallNORB binary matrices: 12 stereo pairs of 6 x 6 uint8 (camera 1 = 255 - camera 0)
  smallnorb-tiny-training-cat.mat   category int32 [12] (values 0, 2)
  smallnorb-tiny-training-info.mat  int32 12 x 4: instance (4), elevation (0), azimuth (0, 2, 4), lighting (1, 3);
                                    rows in a shuffled grid order
  train-images-idx3-ubyte.gz        MNIST IDX (gzip): 10 images 28 x 28, image i shows a bar whose column is 2 * label
  train-labels-idx1-ubyte.gz        labels 0..9 shuffled
Tests/DisentangleHDF5Tests/Fixtures/
  shapes3d_small.h5                 'images' uint8 12 x 4 x 4 x 3, 'labels' float64 12 x 6 in grid order of
                                    [2, 1, 1, 2, 1, 3] (contiguous, as h5py writes by default)
  shapes3d_chunked.h5               the same, chunked one image per chunk and gzip-compressed
  shapes3d_int_labels.h5            labels stored as int32 (wrong dtype)
  shapes3d_no_labels.h5             no 'labels' dataset
  shapes3d_gray.h5                  images 12 x 4 x 4 (wrong shape)
  shapes3d_huge_images.h5           images 12 x 100000 x 100000 x 3 never written (HDF5 reads the fill value), so
                                    the file is 3 kB but claims 360 GB of pixels
  Valid layouts the structure check (HDF5StructureCheck) must accept (save_shapes3d_layouts):
  shapes3d_v108.h5                  shapes3d_small's data with libver="v108": superblock version 2, version 2 object
                                    headers, a new-style root group (compact link messages)
  shapes3d_v110.h5                  the same with libver="v110": superblock version 3
  shapes3d_userblock.h5             shapes3d_small's data after a 512-byte user block (the superblock at byte 512)
  shapes3d_many_links.h5            shapes3d_small's data and 300 soft links at the root (old-style group whose
                                    B-tree has a level above the symbol-table nodes)
  shapes3d_dense_links.h5           libver="v110" with 20 soft links at the root (dense link storage: fractal heap)
  Chunk indexes of the 1.10 format (layout version 4) the check walks (save_shapes3d_chunk_indexes), libver="v110":
  shapes3d_fixed_array.h5           images chunked one per chunk, gzip: a fixed array of 12 filtered entries
  shapes3d_fixed_array_paged.h5     images 12 x 16 x 16 x 3 in chunks of 1 x 1 x 1 x 3, unfiltered: a fixed array of
                                    3072 entries in 3 pages of 1024
  shapes3d_single_chunk.h5          images in one gzip-compressed chunk: the single-chunk index
  shapes3d_implicit.h5              images in unfiltered chunks allocated early: the implicit index
  shapes3d_unlimited.h5             images with an unlimited first axis: an extensible array (refused)
"""
import gzip
import itertools
import os
import struct

import h5py
import numpy as np

DATASETS = "Tests/DisentangleDatasetsTests/Fixtures"
HDF5 = "Tests/DisentangleHDF5Tests/Fixtures"
rng = np.random.default_rng(15)


def marked(count, shape, dtype=np.uint8, channels_last=False):
    """`count` images of `shape`; image i has i at element 0 (channel 0, pixel (0, 0)) and a fixed pattern elsewhere."""
    images = np.zeros((count,) + shape, dtype=dtype)
    flat = images.reshape(count, -1)
    pattern = (np.arange(flat.shape[1]) * 7 % 50 + 100).astype(dtype)
    flat[:] = pattern
    if dtype == np.float32:
        flat[:] = pattern / 1000
        flat[:, 0] = np.arange(count) / 100
    else:
        flat[:, 0] = np.arange(count)
    return images


def grid_rows(sizes):
    return np.array(list(itertools.product(*[range(s) for s in sizes])), dtype=np.int64)


def save_npy():
    order = rng.permutation(6)
    classes = grid_rows([2, 3])[order]
    values = np.stack([np.array([0.5, 1.5])[classes[:, 0]], classes[:, 1].astype(np.float64)], axis=1)
    np.save(f"{DATASETS}/grid_nhwc.npy", marked(6, (5, 4, 3)))
    np.save(f"{DATASETS}/grid_factors.npy", values)
    np.save(f"{DATASETS}/float_nchw.npy", marked(4, (1, 5, 5), np.float32))


def save_npz():
    np.savez_compressed(f"{DATASETS}/partial_labels.npz", images=marked(5, (4, 4)), labels=np.array([3, 1, 3, 0, 1]))
    np.savez(f"{DATASETS}/stored.npz", x=marked(6, (2, 3, 3)), y=grid_rows([3, 2]).astype(np.int32)[::-1].copy())


def save_dsprites():
    classes = grid_rows([1, 2, 1, 2, 2, 1])
    values = classes.astype(np.float64)
    values[:, 1] += 1  # shapes 1, 2 as in the archive
    values[:, 3] *= np.pi  # orientations 0, pi
    imgs = np.zeros((8, 6, 6), dtype=np.uint8)
    for i in range(8):
        imgs[i].flat[i] = 1
    np.savez(f"{DATASETS}/dsprites_stored.npz", imgs=imgs, latents_classes=classes, latents_values=values,
             metadata=np.array([0]))


def save_mpi3d():
    np.savez(f"{DATASETS}/mpi3d_small.npz", images=marked(24, (4, 4, 3)))


def norb(path, magic, array):
    ndim = array.ndim
    dims = list(array.shape) + [1] * max(0, 3 - ndim)
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", magic, ndim))
        f.write(struct.pack(f"<{len(dims)}i", *dims))
        f.write(array.tobytes())


def save_smallnorb():
    sizes = [2, 1, 1, 3, 2]
    order = rng.permutation(12)
    classes = grid_rows(sizes)[order]
    left = marked(12, (6, 6))
    pairs = np.stack([left, 255 - left], axis=1)
    stem = f"{DATASETS}/smallnorb-tiny-training"
    norb(stem + "-dat.mat", 0x1E3D4C55, pairs.astype(np.uint8))
    norb(stem + "-cat.mat", 0x1E3D4C54, (classes[:, 0] * 2).astype("<i4"))
    info = np.stack([classes[:, 1] + 4, classes[:, 2], classes[:, 3] * 2, classes[:, 4] * 2 + 1], axis=1)
    norb(stem + "-info.mat", 0x1E3D4C54, info.astype("<i4"))


def idx(array):
    header = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def save_mnist():
    labels = rng.permutation(10).astype(np.uint8)
    images = np.zeros((10, 28, 28), dtype=np.uint8)
    for i, label in enumerate(labels):
        images[i, 4:24, 2 * label + 4] = 255
    for name, array in [("train-images-idx3-ubyte.gz", images), ("train-labels-idx1-ubyte.gz", labels)]:
        with gzip.GzipFile(f"{DATASETS}/{name}", "wb", mtime=0) as f:
            f.write(idx(array))


def save_shapes3d():
    sizes = [2, 1, 1, 2, 1, 3]
    classes = grid_rows(sizes)
    labels = classes.astype(np.float64) / np.maximum(np.array(sizes) - 1, 1)  # values in [0, 1] like the real file
    images = marked(12, (4, 4, 3))
    with h5py.File(f"{HDF5}/shapes3d_small.h5", "w") as f:
        f.create_dataset("images", data=images)
        f.create_dataset("labels", data=labels)
    with h5py.File(f"{HDF5}/shapes3d_chunked.h5", "w") as f:
        f.create_dataset("images", data=images, chunks=(1, 4, 4, 3), compression="gzip")
        f.create_dataset("labels", data=labels)
    with h5py.File(f"{HDF5}/shapes3d_int_labels.h5", "w") as f:
        f.create_dataset("images", data=images)
        f.create_dataset("labels", data=classes.astype(np.int32))
    with h5py.File(f"{HDF5}/shapes3d_no_labels.h5", "w") as f:
        f.create_dataset("images", data=images)
    with h5py.File(f"{HDF5}/shapes3d_gray.h5", "w") as f:
        f.create_dataset("images", data=images[..., 0])
        f.create_dataset("labels", data=labels)
    save_shapes3d_huge_images(labels)


def save_shapes3d_huge_images(labels):
    with h5py.File(f"{HDF5}/shapes3d_huge_images.h5", "w") as f:
        f.create_dataset("images", shape=(12, 100000, 100000, 3), dtype=np.uint8, chunks=(1, 64, 64, 3))
        f.create_dataset("labels", data=labels)


def save_shapes3d_layouts():
    sizes = [2, 1, 1, 2, 1, 3]
    labels = grid_rows(sizes).astype(np.float64) / np.maximum(np.array(sizes) - 1, 1)
    images = marked(12, (4, 4, 3))

    def write(name, links=0, **options):
        with h5py.File(f"{HDF5}/{name}", "w", **options) as f:
            f.create_dataset("images", data=images)
            f.create_dataset("labels", data=labels)
            for i in range(links):
                f[f"link_{i:03d}"] = h5py.SoftLink("/labels")

    write("shapes3d_v108.h5", libver=("v108", "v108"))
    write("shapes3d_v110.h5", libver=("v110", "v110"))
    write("shapes3d_userblock.h5", userblock_size=512)
    write("shapes3d_many_links.h5", links=300)
    write("shapes3d_dense_links.h5", links=20, libver=("v110", "v110"))


def save_shapes3d_chunk_indexes():
    sizes = [2, 1, 1, 2, 1, 3]
    labels = grid_rows(sizes).astype(np.float64) / np.maximum(np.array(sizes) - 1, 1)
    images = marked(12, (4, 4, 3))

    def write(name, data=images, **options):
        with h5py.File(f"{HDF5}/{name}", "w", libver=("v110", "v110")) as f:
            f.create_dataset("images", data=data, **options)
            f.create_dataset("labels", data=labels)

    write("shapes3d_fixed_array.h5", chunks=(1, 4, 4, 3), compression="gzip")
    write("shapes3d_fixed_array_paged.h5", data=marked(12, (16, 16, 3)), chunks=(1, 1, 1, 3))
    write("shapes3d_single_chunk.h5", chunks=(12, 4, 4, 3), compression="gzip")
    write("shapes3d_unlimited.h5", chunks=(1, 4, 4, 3), maxshape=(None, 4, 4, 3))
    with h5py.File(f"{HDF5}/shapes3d_implicit.h5", "w", libver=("v110", "v110")) as f:
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((1, 4, 4, 3))
        dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
        space = h5py.h5s.create_simple(images.shape)
        dataset = h5py.h5d.create(f.id, b"images", h5py.h5t.STD_U8LE, space, dcpl=dcpl)
        dataset.write(h5py.h5s.ALL, h5py.h5s.ALL, images)
        f.create_dataset("labels", data=labels)


if __name__ == "__main__":
    os.makedirs(DATASETS, exist_ok=True)
    os.makedirs(HDF5, exist_ok=True)
    save_npy()
    save_npz()
    save_dsprites()
    save_mpi3d()
    save_smallnorb()
    save_mnist()
    save_shapes3d()
    save_shapes3d_layouts()
    save_shapes3d_chunk_indexes()
