#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Swift's -sanitize=fuzzer,address) and fuzzes each one from its committed seed
# corpus. Usage: Fuzz/run.sh [harness...]   (default: all harnesses)
#   FUZZ_SECONDS  time per harness (default 20, or no limit when only FUZZ_RUNS is set)
#   FUZZ_RUNS     stop after this many executions (with both set, whichever limit is reached first)
#   FUZZ_FLAGS    more libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1 -ignore_ooms=1" to keep going past findings
# New corpus entries go to Fuzz/.build/corpus/<harness>, crashing inputs to Fuzz/.build/artifacts/<harness>/.
# Exits non-zero if any harness crashed. Every crash found becomes a regression test with its input committed.
set -euo pipefail
cd "$(dirname "$0")"
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then harnesses=(npy npz safetensors idx checkpoint-sidecar run-config run-settings shapes3d mpi3d smallnorb study-file); fi
# `--sanitize` instruments this package's target only; the library's targets (a path dependency), where the parsers
# are, get libFuzzer's coverage instrumentation from -Xswiftc/-Xcc. Without them libFuzzer sees no coverage at all
# (no "cov:" in its output) and mutates blindly.
build=(swift build -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address
       -Xcc -fsanitize=fuzzer-no-link)
"${build[@]}"
binary="$("${build[@]}" --show-bin-path)/DisentangleFuzz"
# allocator_may_return_null=1: an impossible request returns NULL, as malloc does without ASan. libhdf5 checks for
# that and reports an error (a shapes3d input asks for 2^64 - 168 bytes); Swift traps on NULL, so a Swift-side
# giant allocation is still a crash, and -malloc_limit_mb catches large ones that succeed.
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1
status=0
for harness in "${harnesses[@]}"; do
    corpus=.build/corpus/$harness
    artifacts=.build/artifacts/$harness
    mkdir -p "$corpus" "$artifacts"
    if [ -n "${FUZZ_RUNS:-}" ]; then
        budget=(-runs="$FUZZ_RUNS" -max_total_time="${FUZZ_SECONDS:-0}")
    else
        budget=(-max_total_time="${FUZZ_SECONDS:-20}")
    fi
    echo "== $harness"
    started=$SECONDS
    # shellcheck disable=SC2086
    if ! DISENTANGLE_FUZZ_TARGET=$harness "$binary" "${budget[@]}" ${FUZZ_FLAGS:-} -malloc_limit_mb=512 -rss_limit_mb=2048 -timeout=20 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "Corpora/$harness" 2>&1 \
        | grep -E "^#[0-9]+ +DONE|^#[0-9]+: cov|stat::number_of_executed_units|ERROR|SUMMARY|Test unit written|==[0-9]+==|Fatal error|panic|INFO: exiting|INFO: fuzzed"; then
        :
    fi
    echo "$harness: $((SECONDS - started)) s"
    if ls "$artifacts"/* >/dev/null 2>&1; then
        echo "$harness: crashing inputs in Fuzz/$artifacts"
        status=1
    fi
done
exit $status
