"""Reference trajectories of torch.optim.Adam, torch.optim.SGD and clip_grad_norm_ on a small element-wise
objective, printed as Swift literals for Tests/DisentangleNNTests/OptimizerTests.swift.

Objective: sum(w * a**2) + sum(c * a) + sum(w2 * b**2) over parameters a [2, 3] and b [4]; a third parameter
`unused` never receives a gradient (optimisers must skip it). Run: python3 Scripts/nn/optimizer_references.py
"""
import torch

A0 = [[0.5, -1.25, 2.0], [0.125, -0.75, 1.5]]
B0 = [1.0, -2.0, 0.25, 3.0]
W = [[1.0, 0.5, 2.0], [0.25, 1.5, 3.0]]
C = [[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6]]
W2 = [0.75, 1.25, 0.5, 2.0]
STEPS = 5


def run(make_optimizer, clip=None):
    a = torch.tensor(A0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    unused = torch.tensor([9.0], requires_grad=True)
    opt = make_optimizer([a, b, unused])
    norms = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = (torch.tensor(W) * a ** 2).sum() + (torch.tensor(C) * a).sum() + (torch.tensor(W2) * b ** 2).sum()
        loss.backward()
        if clip is not None:
            norms.append(float(torch.nn.utils.clip_grad_norm_([a, b, unused], clip[0], norm_type=clip[1])))
        opt.step()
    return a.detach().flatten().tolist() + b.detach().tolist(), unused.item(), norms


def swift(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


cases = {
    "adamDefault": lambda p: torch.optim.Adam(p),
    "adamDecayAMSGrad": lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.5, 0.9), eps=1e-6, weight_decay=0.1, amsgrad=True),
    "sgdPlain": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgdMomentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgdNesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
}
for name, make in cases.items():
    values, unused, _ = run(make)
    assert unused == 9.0
    print(f"static let {name}: [Float] = {swift(values)}")
for name, clip in {"clipL2": (1.0, 2.0), "clipInfinity": (0.5, float("inf"))}.items():
    values, _, norms = run(lambda p: torch.optim.SGD(p, lr=0.1), clip)
    print(f"static let {name}: [Float] = {swift(values)}")
    print(f"static let {name}Norms: [Float] = {swift(norms)}")
