"""Runs the Swift and PyTorch training benchmarks alternately (Swift, eager, compiled, Swift, eager, compiled ...)
and prints, per architecture and PyTorch mode, the median ratio Swift/PyTorch of training images/s, of peak memory
and of encoding (inference) images/s, at 1 thread and at all cores.

Each architecture runs in its own process on both sides, so peak memory is per architecture. The modes are PyTorch
eager and `torch.compile` (inductor); see train_bench.py.

    swift build -c release --product benchmarks
    python3 Benchmarks/pytorch/compare.py --pairs 3 --steps 5 [--threads 1 2] [--modes eager compiled] [-- ARCH ...]

(`--` ends the lists of threads and modes before the architectures.)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ARCHITECTURES = ["sbd-paper-64", "sbd-padded-64", "deconv-64", "sbd-paper-32"]


def run(command, env):
    """The JSON lines a benchmark prints, by name."""
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {line["name"]: line for line in lines}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="*", default=[1, os.cpu_count()])
    parser.add_argument("--modes", nargs="*", choices=["eager", "compiled"], default=["eager", "compiled"])
    parser.add_argument("architectures", nargs="*", default=ARCHITECTURES)
    args = parser.parse_args()
    swift = os.path.join(ROOT, ".build", "release", "benchmarks")
    for threads in args.threads:
        for name in args.architectures:
            env = dict(os.environ, BENCH_STEPS=str(args.steps), DISENTANGLE_NUM_THREADS=str(threads))
            train, encode = "training." + name, "encode." + name
            ratios = {mode: {"speed": [], "memory": [], "encode": []} for mode in args.modes}
            for _ in range(args.pairs):
                a = run([swift, train], env)
                line = f"  {name} threads={threads}: swift {a[train]['value']:.1f} img/s " \
                       f"{a[train]['peak_rss_mib']:.0f} MiB encode {a[encode]['value']:.0f} img/s"
                for mode in args.modes:
                    b = run([sys.executable, os.path.join(HERE, "train_bench.py"), "--threads", str(threads),
                             "--steps", str(args.steps), "--mode", mode, name], env)
                    ratios[mode]["speed"].append(a[train]["value"] / b[train]["value"])
                    ratios[mode]["memory"].append(a[train]["peak_rss_mib"] / b[train]["peak_rss_mib"])
                    ratios[mode]["encode"].append(a[encode]["value"] / b[encode]["value"])
                    line += f"; {mode} {b[train]['value']:.1f} img/s {b[train]['peak_rss_mib']:.0f} MiB " \
                            f"encode {b[encode]['value']:.0f} img/s"
                print(line, file=sys.stderr, flush=True)
            for mode in args.modes:
                r = ratios[mode]
                print(json.dumps({"name": name, "threads": threads, "mode": mode,
                                  "speed_ratio_median": statistics.median(r["speed"]),
                                  "memory_ratio_median": statistics.median(r["memory"]),
                                  "encode_ratio_median": statistics.median(r["encode"]),
                                  "speed_ratios": r["speed"], "pairs": args.pairs}), flush=True)


if __name__ == "__main__":
    main()
