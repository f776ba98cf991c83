"""The PyTorch half of the checkpoint exchange (see Tests/DisentangleNNTests/CheckpointExchangeTests.swift).

Usage:
  DISENTANGLE_EXCHANGE_DIR=/tmp/exchange swift test -c release --filter CheckpointExchange   # Swift writes
  python3 Scripts/nn/checkpoint_exchange.py /tmp/exchange                                     # PyTorch reads, steps
  DISENTANGLE_EXCHANGE_DIR=/tmp/exchange swift test -c release --filter CheckpointExchange   # Swift compares

This script loads the Swift checkpoint's model.safetensors with safetensors.torch.load_file into the PyTorch
model (strict), checks its logits against Swift's, converts optimizer.safetensors into a torch.optim.Adam state
dict, takes one more Adam step and saves the parameters with safetensors.torch.save_file for Swift to load.
"""
import json
import os
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(__file__))
from make_parity_fixtures import VAE, deconv_decoder, encoder  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DisentangleNNTests", "Fixtures")


def main(directory):
    checkpoint = os.path.join(directory, "swift-run", "latest")
    with open(os.path.join(checkpoint, "checkpoint.json")) as f:
        sidecar = json.load(f)
    print(f"sidecar: step {sidecar['step']}, seed {sidecar['seed']}, configuration {sidecar['configuration']}")

    state = load_file(os.path.join(checkpoint, "model.safetensors"))
    with safe_open(os.path.join(checkpoint, "model.safetensors"), "pt") as f:
        print(f"model.safetensors: {len(state)} tensors, metadata {f.metadata()}, dtypes {sorted({str(t.dtype) for t in state.values()})}")
    vae = VAE(encoder(), deconv_decoder())
    print("load_state_dict:", vae.load_state_dict(state, strict=True))

    io = load_file(os.path.join(FIXTURES, "parity_io.safetensors"))
    x, epsilon = io["input"], io["epsilon"]
    with torch.no_grad():
        _, _, logits = vae.loss(x, epsilon)
    swift_logits = load_file(os.path.join(directory, "swift_logits.safetensors"))["logits"]
    error = float((logits - swift_logits).abs().max() / swift_logits.abs().max())
    print(f"logits of the loaded model vs Swift's logits: max relative error {error:.2e}")

    with safe_open(os.path.join(checkpoint, "optimizer.safetensors"), "pt") as f:
        meta = f.metadata()
        tensors = {k: f.get_tensor(k) for k in f.keys()}
    print(f"optimizer.safetensors: {len(tensors)} tensors, optimizer {meta['optimizer']}, lr {meta['lr']}, eps {meta['eps']}")
    names = [n for n, _ in vae.named_parameters()]
    adam = torch.optim.Adam(vae.parameters(), lr=float(meta["lr"]), betas=(float(meta["beta1"]), float(meta["beta2"])),
                            eps=float(meta["eps"]), weight_decay=float(meta["weight_decay"]), amsgrad=meta["amsgrad"] == "true")
    torch_state = adam.state_dict()
    torch_state["state"] = {
        i: {"step": torch.tensor(float(meta[f"step.{n}"])), "exp_avg": tensors[f"exp_avg.{n}"], "exp_avg_sq": tensors[f"exp_avg_sq.{n}"]}
        for i, n in enumerate(names)}
    adam.load_state_dict(torch_state)
    adam.zero_grad()
    loss, _, _ = vae.loss(x, epsilon)
    loss.backward()
    adam.step()
    out = os.path.join(directory, "torch_after_step_4.safetensors")
    save_file({n: p.detach().contiguous() for n, p in vae.named_parameters()}, out, metadata={"format": "pt", "step": "4"})
    print(f"resumed Adam in PyTorch for step 4 (loss before it {loss.item():.4f}); wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1])
