"""Builds the PyTorch parity fixtures under Tests/DisentangleTestSupport/Fixtures/.

Three architectures at 32x32x1 (see Documentation/NN.md):
  * encoder: Conv(1->64, k4 s2 p1) ReLU, Conv(64->64, k4 s2 p1) ReLU, Conv(64->64, k4 s2 p1) ReLU (32 -> 4),
    Flatten, Linear(1024->256) ReLU, Linear(256->20)  (mean and log-variance of 10 latents);
  * deconv decoder: Linear(10->256) ReLU, view(-1, 64, 2, 2), ConvT(64->64, k4 s2 p1) ReLU x3, ConvT(64->1, k4 s2 p1)
    (2 -> 32);
  * spatial broadcast decoder: tile z to 40x40, append x (varying along width) and y (varying along height)
    coordinate channels from linspace(-1, 1, 40), four unpadded Conv 3x3 (64 channels) each followed by ReLU
    (40 -> 32), Conv 1x1 (64->1).

Loss (Bernoulli VAE): BCE-with-logits summed over pixels and averaged over the batch, plus the KL divergence to
N(0, I) averaged over the batch, with z = mu + exp(logvar / 2) * epsilon for a fixed epsilon saved in the fixture.

The reference values are computed by PyTorch in float64 from the same (half-precision-exact) weights and float32
inputs, then stored as float32: the Swift float32 implementation is compared with the exact result, so the
tolerance measures its own rounding error rather than the sum of two float32 errors. The script prints how far
PyTorch's own float32 results are from the float64 reference, the noise floor any float32 implementation faces.
Adam uses lr 1e-3, betas (0.9, 0.999) and eps 1e-5 (not the default 1e-8): with eps 1e-8 the update of
parameters whose gradient is about 1e-8 (ReLU-sparse weights have many) is ill-conditioned, and even PyTorch
float32 and float64 disagree by 7.6e-4 relative after 3 steps; with eps 1e-5 they agree to about 5e-5.

Files (all safetensors, < 2 MB together):
  parity_weights.safetensors  F16 weights (default PyTorch init rounded to half precision, so the float32 models
                              on both sides start from identical values), keys encoder.*, deconv.*, sbd.*
  parity_io.safetensors       F32 input batch, epsilon, encoder output, decoder logits and losses
  parity_<decoder>_vae.safetensors
                              F32 gradients of the loss for every parameter (grad.<name>), their sums and L2 norms
                              (grad_summary.<name> = [sum, norm]), parameters after 3 Adam steps (adam.<name>) and
                              the loss before each step (adam_losses). Tensors of more than 8192 elements are stored
                              as 1024 samples at indices i * (count // 1024); smaller ones in full.

Run from the repository root:  python3 Scripts/nn/make_parity_fixtures.py
Requires torch and safetensors (pip install torch --index-url https://download.pytorch.org/whl/cpu; pip install safetensors).
"""
import math
import os

import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn
from torch.nn import functional as F

BATCH = 4
LATENTS = 10
FULL_LIMIT = 8192
SAMPLES = 1024
ADAM_STEPS = 3
ADAM = dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-5)
OUT = os.path.join("Tests", "DisentangleTestSupport", "Fixtures")


def encoder():
    return nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.Flatten(), nn.Linear(1024, 256), nn.ReLU(), nn.Linear(256, 2 * LATENTS))


def deconv_decoder():
    return nn.Sequential(
        nn.Linear(LATENTS, 256), nn.ReLU(), nn.Unflatten(1, (64, 2, 2)),
        nn.ConvTranspose2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, 2, 1))


class SpatialBroadcastDecoder(nn.Module):
    def __init__(self, size=32, margin=8):
        super().__init__()
        self.grid = size + margin
        self.convs = nn.Sequential(
            nn.Conv2d(LATENTS + 2, 64, 3), nn.ReLU(),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
            nn.Conv2d(64, 1, 1))

    def forward(self, z):
        n, g = z.shape[0], self.grid
        tiled = z.view(n, -1, 1, 1).expand(-1, -1, g, g)
        line = torch.linspace(-1, 1, g, dtype=z.dtype)
        x = line.view(1, 1, 1, g).expand(n, 1, g, g)
        y = line.view(1, 1, g, 1).expand(n, 1, g, g)
        return self.convs(torch.cat([tiled, x, y], dim=1))


class VAE(nn.Module):
    def __init__(self, enc, dec):
        super().__init__()
        self.encoder = enc
        self.decoder = dec

    def loss(self, x, epsilon):
        stats = self.encoder(x)
        mu, logvar = stats[:, :LATENTS], stats[:, LATENTS:]
        z = mu + torch.exp(0.5 * logvar) * epsilon
        logits = self.decoder(z)
        reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.shape[0]
        kl = 0.5 * (mu ** 2 + torch.exp(logvar) - logvar - 1).sum() / x.shape[0]
        return reconstruction + kl, stats, logits


def images(rng):
    """Binary 32x32 images of a filled disc and a bar at random places."""
    yy, xx = np.mgrid[0:32, 0:32]
    batch = np.zeros((BATCH, 1, 32, 32), dtype=np.float32)
    for i in range(BATCH):
        cx, cy, r = rng.uniform(8, 24), rng.uniform(8, 24), rng.uniform(3, 7)
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
        top, left = rng.integers(0, 28), rng.integers(0, 20)
        bar = (yy >= top) & (yy < top + 3) & (xx >= left) & (xx < left + 12)
        batch[i, 0] = (disc | bar).astype(np.float32)
    return torch.from_numpy(batch)


def sampled(t):
    flat = t.detach().reshape(-1)
    if flat.numel() <= FULL_LIMIT:
        return t.detach().clone()
    step = flat.numel() // SAMPLES
    return flat[torch.arange(SAMPLES) * step].clone()


def relative(a, b):
    return float((a.double() - b.double()).abs().max() / b.double().abs().max().clamp_min(1e-30))


def run_vae(vae, x, epsilon):
    """Gradients at the initial weights, then the parameters after ADAM_STEPS Adam steps."""
    vae.zero_grad()
    loss, stats, logits = vae.loss(x, epsilon)
    loss.backward()
    grads = {n: p.grad.detach().clone() for n, p in vae.named_parameters()}
    optimizer = torch.optim.Adam(vae.parameters(), **ADAM)
    losses = []
    for _ in range(ADAM_STEPS):
        optimizer.zero_grad()
        step_loss, _, _ = vae.loss(x, epsilon)
        losses.append(step_loss.item())
        step_loss.backward()
        optimizer.step()
    after = {n: p.detach().clone() for n, p in vae.named_parameters()}
    return loss.detach(), stats.detach(), logits.detach(), grads, after, losses


def main():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    modules = {"encoder": encoder(), "deconv": deconv_decoder(), "sbd": SpatialBroadcastDecoder()}
    weights = {}
    for prefix, module in modules.items():
        with torch.no_grad():
            for name, p in module.named_parameters():
                p.copy_(p.half().float())  # exactly representable in F16
                weights[f"{prefix}.{name}"] = p.detach().half().contiguous()
    x = images(rng)
    epsilon = torch.from_numpy(rng.standard_normal((BATCH, LATENTS)).astype(np.float32))

    os.makedirs(OUT, exist_ok=True)
    meta = {"generator": "Scripts/nn/make_parity_fixtures.py", "torch": torch.__version__}
    save_file(weights, os.path.join(OUT, "parity_weights.safetensors"), metadata=meta)
    io = {"input": x, "epsilon": epsilon}
    for decoder in ["deconv", "sbd"]:
        def build(dtype):
            enc, dec = encoder(), deconv_decoder() if decoder == "deconv" else SpatialBroadcastDecoder()
            enc.load_state_dict({n[len("encoder."):]: w.float() for n, w in weights.items() if n.startswith("encoder.")})
            dec.load_state_dict({n[len(decoder) + 1:]: w.float() for n, w in weights.items() if n.startswith(decoder + ".")})
            return VAE(enc, dec).to(dtype)

        loss32, stats32, logits32, grads32, after32, _ = run_vae(build(torch.float32), x, epsilon)
        loss, stats, logits, grads, after, losses = run_vae(build(torch.float64), x.double(), epsilon.double())
        print(f"{decoder}: loss {loss.item():.6f}; PyTorch float32 vs float64 reference, max|a-b|/max|b|: "
              f"outputs {max(relative(stats32, stats), relative(logits32, logits)):.2e}, "
              f"gradients {max(relative(grads32[n], grads[n]) for n in grads):.2e}, "
              f"Adam parameters {max(relative(after32[n], after[n]) for n in after):.2e}")
        io["encoder_output"] = stats.float()
        io[f"{decoder}.logits"] = logits.float()
        io[f"{decoder}.loss"] = loss.reshape(1).float()
        tensors = {"adam_losses": torch.tensor(losses, dtype=torch.float32)}
        for name in grads:
            g = grads[name]
            tensors[f"grad.{name}"] = sampled(g).float()
            tensors[f"grad_summary.{name}"] = torch.stack([g.sum(), g.norm()]).float()
            tensors[f"adam.{name}"] = sampled(after[name]).float()
        save_file({k: v.contiguous() for k, v in tensors.items()},
                  os.path.join(OUT, f"parity_{decoder}_vae.safetensors"),
                  metadata={**meta, "adam": f"lr={ADAM['lr']} betas={ADAM['betas']} eps={ADAM['eps']} steps={ADAM_STEPS}"})
    save_file({k: v.contiguous() for k, v in io.items()}, os.path.join(OUT, "parity_io.safetensors"), metadata=meta)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT) if f.startswith("parity_"))
    print(f"fixtures: {total} bytes")


if __name__ == "__main__":
    main()
