"""PyTorch reference for the training-throughput benchmark (`swift run -c release benchmarks training`).

Trains exactly the architectures of Benchmarks/benchmarks/TrainingBenchmarks.swift (64x64x1 or 32x32x1, latent 10,
Bernoulli likelihood, Adam) on a fixed random binary batch of 64, and prints one JSON line per architecture with the
median training images/s over the timed steps and the process's peak resident memory; then one line with the
encoder's inference throughput (`encode.<arch>`: posterior parameters of 1024 images in batches of 256, no
gradients, median of the timed rounds), as `benchmarks encode` measures it on the Swift side.

`--mode compiled` runs the loss (encoder, reparameterisation, decoder, losses) through `torch.compile` (inductor,
CPU; its backward is compiled too) and the encoder likewise for inference; Adam stays eager. Compilation happens
in the untimed warm-up steps.

    pip install torch --index-url https://download.pytorch.org/whl/cpu --extra-index-url https://pypi.org/simple
    python3 Benchmarks/pytorch/train_bench.py --threads 1 --steps 5 [--mode eager|compiled] [ARCH ...]
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LATENTS = 10


def encoder(size):
    layers, channels = [], 1
    while size > 4:
        layers += [nn.Conv2d(channels, 64, 4, 2, 1), nn.ReLU()]
        channels, size = 64, size // 2
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(1024, 256), nn.ReLU(), nn.Linear(256, 2 * LATENTS))


class SpatialBroadcast(nn.Module):
    def __init__(self, size, depth, padded, out_kernel):
        super().__init__()
        self.grid = size if padded else size + 2 * depth
        layers, channels = [], LATENTS + 2
        for _ in range(depth):
            layers += [nn.Conv2d(channels, 64, 3, padding=1 if padded else 0), nn.ReLU()]
            channels = 64
        layers.append(nn.Conv2d(64, 1, out_kernel, padding=out_kernel // 2))
        self.convs = nn.Sequential(*layers)

    def forward(self, z):
        n, g = z.shape[0], self.grid
        tiled = z.view(n, -1, 1, 1).expand(-1, -1, g, g)
        line = torch.linspace(-1, 1, g)
        x = line.view(1, 1, 1, g).expand(n, 1, g, g)
        y = line.view(1, 1, g, 1).expand(n, 1, g, g)
        return self.convs(torch.cat([tiled, x, y], dim=1))


def deconv(size):
    layers = [nn.Linear(LATENTS, 256), nn.ReLU(), nn.Unflatten(1, (64, 2, 2))]
    s = 2
    while s < size:
        last = s * 2 == size
        layers.append(nn.ConvTranspose2d(64, 1 if last else 64, 4, 2, 1))
        if not last:
            layers.append(nn.ReLU())
        s *= 2
    return nn.Sequential(*layers)


ARCHITECTURES = {
    "sbd-paper-64": (64, lambda: SpatialBroadcast(64, 4, False, 1)),
    "sbd-padded-64": (64, lambda: SpatialBroadcast(64, 2, True, 3)),
    "deconv-64": (64, lambda: deconv(64)),
    "sbd-paper-32": (32, lambda: SpatialBroadcast(32, 4, False, 1)),
}


def negative_elbo(enc, dec, batch, noise):
    """The β-VAE loss (β = 1) of a batch, as the Swift benchmark computes it."""
    stats = enc(batch)
    mu, logvar = stats[:, :LATENTS], stats[:, LATENTS:]
    z = mu + torch.exp(0.5 * logvar) * noise
    logits = dec(z)
    reconstruction = F.binary_cross_entropy_with_logits(logits, batch, reduction="sum") / 64
    kl = 0.5 * (mu ** 2 + torch.exp(logvar) - logvar - 1).sum() / 64
    return reconstruction + kl


def encode_throughput(enc, size, rounds, compiled):
    """Images/s of the encoder's forward pass without gradients, 1024 images in batches of 256."""
    images = (torch.rand(1024, 1, size, size) < 0.3).float()
    forward = torch.compile(enc) if compiled else enc
    times = []
    with torch.no_grad():
        for r in range(rounds + (3 if compiled else 1)):
            start = time.perf_counter()
            for chunk in images.split(256):
                forward(chunk)
            times.append(time.perf_counter() - start)
    times = times[(3 if compiled else 1):]
    return 1024 / sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--mode", choices=["eager", "compiled"], default="eager")
    parser.add_argument("architectures", nargs="*", default=list(ARCHITECTURES))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    compiled = args.mode == "compiled"
    # Compilation (and a possible recompilation for the second call) happens in the untimed warm-up steps.
    warmup = 3 if compiled else 1
    for name in args.architectures:
        size, make_decoder = ARCHITECTURES[name]
        enc, dec = encoder(size), make_decoder()
        params = list(enc.parameters()) + list(dec.parameters())
        optimizer = torch.optim.Adam(params, lr=1e-4)
        batch = (torch.rand(64, 1, size, size) < 0.3).float()
        loss_of = torch.compile(negative_elbo) if compiled else negative_elbo
        times = []
        for step in range(args.steps + warmup):
            start = time.perf_counter()
            loss = loss_of(enc, dec, batch, torch.randn(64, LATENTS))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step >= warmup:
                times.append(time.perf_counter() - start)
        median = sorted(times)[len(times) // 2]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        common = {"threads": args.threads, "mode": args.mode, "torch": torch.__version__}
        print(json.dumps({"name": "training." + name, "value": 64 / median, "unit": "images/s",
                          "peak_rss_mib": peak, "steps": args.steps, **common}), flush=True)
        print(json.dumps({"name": "encode." + name, "value": encode_throughput(enc, size, args.steps, compiled),
                          "unit": "images/s", **common}), flush=True)


if __name__ == "__main__":
    main()
