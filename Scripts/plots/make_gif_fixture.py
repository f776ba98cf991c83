"""Writes the GIF fixture of the DisentanglePlots tests: an animation encoded by Pillow (a reference GIF encoder),
which the tests' own GIF decoder must read back exactly, so that the decoder that checks the library's encoder is
itself checked against an independent implementation.

Frames of random palette indices make LZW's table fill up and restart, and widen the codes through every size.

    python -m venv /tmp/gif && /tmp/gif/bin/pip install pillow numpy
    /tmp/gif/bin/python Scripts/plots/make_gif_fixture.py
"""
from pathlib import Path

import numpy as np
from PIL import Image

out = Path(__file__).resolve().parents[2] / "Tests" / "DisentanglePlotsTests" / "Fixtures"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(0)
palette = rng.integers(0, 256, size=(256, 3), dtype=np.uint8)
palette[0] = 0  # distinct colours, so that the RGB frames determine the indices
palette = np.unique(palette, axis=0)
while len(palette) < 256:
    palette = np.unique(np.vstack([palette, rng.integers(0, 256, size=(1, 3), dtype=np.uint8)]), axis=0)
height, width, count = 60, 70, 3
indices = rng.integers(0, 256, size=(count, height, width), dtype=np.uint8)
indices[1, :30, :] = 7  # a flat region: long runs, long LZW strings
frames = []
for frame in indices:
    image = Image.fromarray(frame, mode="P")
    image.putpalette(palette.reshape(-1).tolist())
    frames.append(image)
frames[0].save(out / "pillow.gif", save_all=True, append_images=frames[1:], duration=70, loop=0, optimize=False,
               disposal=1)
np.save(out / "pillow_frames.npy", palette[indices])  # count x height x width x 3, uint8
print("wrote", out / "pillow.gif", "and pillow_frames.npy")
