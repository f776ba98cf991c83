"""Runs the Swift and PyTorch training benchmarks alternately (A B A B ...) and prints the median ratio
Swift/PyTorch of training images/s and of peak memory per architecture, at 1 thread and at all cores.

Each architecture runs in its own process on both sides, so peak memory is per architecture.

    swift build -c release --product benchmarks
    python3 Benchmarks/pytorch/compare.py --pairs 3 --steps 5
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
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")][0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="*", default=[1, os.cpu_count()])
    parser.add_argument("architectures", nargs="*", default=ARCHITECTURES)
    args = parser.parse_args()
    swift = os.path.join(ROOT, ".build", "release", "benchmarks")
    for threads in args.threads:
        for name in args.architectures:
            env = dict(os.environ, BENCH_STEPS=str(args.steps), DISENTANGLE_NUM_THREADS=str(threads))
            speed, memory = [], []
            for _ in range(args.pairs):
                a = run([swift, "training." + name], env)
                b = run([sys.executable, os.path.join(HERE, "train_bench.py"), "--threads", str(threads),
                         "--steps", str(args.steps), name], env)
                speed.append(a["value"] / b["value"])
                memory.append(a["peak_rss_mib"] / b["peak_rss_mib"])
                print(f"  {name} threads={threads}: swift {a['value']:.1f} img/s {a['peak_rss_mib']:.0f} MiB, "
                      f"pytorch {b['value']:.1f} img/s {b['peak_rss_mib']:.0f} MiB", file=sys.stderr, flush=True)
            print(json.dumps({"name": name, "threads": threads, "speed_ratio_median": statistics.median(speed),
                              "memory_ratio_median": statistics.median(memory), "pairs": args.pairs}), flush=True)


if __name__ == "__main__":
    main()
