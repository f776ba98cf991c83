"""Groups a perf profile of a training run into the kernels issue 18 tracks and prints each group's share of the
samples, so profiles before and after a change can be set side by side.

    BENCH_STEPS=30 DISENTANGLE_NUM_THREADS=1 timeout -s INT 12 \
        perf record -o sbd.data .build/release/benchmarks training.sbd-paper-32 > /dev/null
    python3 Scripts/perf/breakdown.py sbd.data [more.data ...]

(`timeout` stops the recording inside the training loop, before the encode-throughput rounds.)
"""
import re
import subprocess
import sys

GROUPS = [
    ("GEMM (OpenBLAS sgemm kernels and packing; cdk_small_gemm)", r"sgemm|cblas|small_gemm"),
    ("Winograd transforms", r"^(input|output|output_gradient|accumulate_input_gradient|finish_input_gradient)\d?_|"
                            r"Winograd|Tiling"),
    ("im2col / col2im / phase split and merge", r"im2col|col2im|split|merge|unsplit|ConvolutionGEMM|TapGEMM|"
                                                r"ConvolutionGeometry"),
    ("ReLU and its mask", r"relu"),
    ("Adam", r"adam|Adam"),
    ("memset / memmove / page faults", r"memset|memmove|memcpy|page_fault|clear_page"),
]


def shares(path):
    text = subprocess.run(["perf", "report", "-i", path, "--no-children", "--sort", "symbol", "--stdio"],
                          capture_output=True, text=True, check=True).stdout
    totals = {name: 0.0 for name, _ in GROUPS}
    totals["other"] = 0.0
    for line in text.splitlines():
        m = re.match(r"\s+([\d.]+)%\s+\[[.k]\]\s+(\S+)", line)
        if not m:
            continue
        share, symbol = float(m.group(1)), m.group(2)
        for name, pattern in GROUPS:
            if re.search(pattern, symbol):
                totals[name] += share
                break
        else:
            totals["other"] += share
    return totals


def main():
    paths = sys.argv[1:]
    columns = [shares(p) for p in paths]
    print("| kernel group | " + " | ".join(paths) + " |")
    print("|---|" + "---|" * len(paths))
    for name in [g for g, _ in GROUPS] + ["other"]:
        print(f"| {name} | " + " | ".join(f"{c[name]:.1f}%" for c in columns) + " |")


if __name__ == "__main__":
    main()
