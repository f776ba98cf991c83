#!/usr/bin/env bash
# Checks the DocC documentation of every library target (or of the targets named on the command line):
#
#   1. `swift package generate-documentation --target <T> --warnings-as-errors` must succeed: no broken or
#      ambiguous symbol links, no parameter missing from a `- Parameters:` list, no unknown parameter or topic.
#   2. Every public symbol declared in the target's sources must have a doc comment. This reads the symbol graphs
#      the plugin extracted; symbols the compiler synthesises or inherits from other modules (`!=`, `hashValue`,
#      `init(from:)`, `localizedDescription`, ...) have no source location and are documented by their protocols.
#
# Usage: Scripts/check-docs.sh [Target ...]
# Logs go to .build/check-docs/<Target>.log; the archives to .build/plugins/Swift-DocC/outputs/<Target>.doccarchive.
# Exit status: 0 if every target is clean, 1 otherwise.
set -uo pipefail

cd "$(dirname "$0")/.."

all_targets=(
    DisentangleTensor
    DisentangleNN
    DisentangleModels
    DisentangleDatasets
    DisentangleMetrics
    DisentanglePlots
    DisentangleRuns
    DisentangleArguments
    Disentangle
)
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=("${all_targets[@]}")
fi

log_dir=.build/check-docs
mkdir -p "$log_dir"
failed=()

for target in "${targets[@]}"; do
    log="$log_dir/$target.log"
    echo "== $target"
    if ! swift package --disable-sandbox generate-documentation --target "$target" --warnings-as-errors \
        --experimental-documentation-coverage --coverage-summary-level brief >"$log" 2>&1; then
        # DocC prints each diagnostic as "error: ..." (warnings are promoted), then "--> file:line:column" relative to
        # the target's catalog, then a source excerpt. Show the diagnostics with paths relative to the package.
        grep -E '^(error|warning):|^ *--> ' "$log" \
            | grep -v "invocation failed\|NSCocoaErrorDomain" \
            | sed -E "s#^( *-->) \.\./#\1 Sources/$target/#; s#^( *-->) ([^S.][^/]*\.md:)#\1 Sources/$target/$target.docc/\2#" \
            || tail -n 20 "$log"
        echo "   FAILED: generate-documentation (full log: $log)"
        failed+=("$target")
        continue
    fi

    # Public symbols declared in this target's sources without a doc comment.
    graphs=(.build/*/extracted-symbols/*/"$target"/*.symbols.json)
    if [ ! -e "${graphs[0]}" ]; then
        echo "   FAILED: no symbol graphs found for $target"
        failed+=("$target")
        continue
    fi
    undocumented=$(python3 - "${graphs[@]}" <<'EOF'
import json, sys

seen = set()
for path in sys.argv[1:]:
    with open(path) as file:
        graph = json.load(file)
    for symbol in graph["symbols"]:
        location = symbol.get("location")
        if location is None or symbol.get("docComment"):
            continue
        name = "/".join(symbol["pathComponents"])
        key = (name, symbol["identifier"]["precise"])
        if key in seen:
            continue
        seen.add(key)
        source = location["uri"].split("/Sources/", 1)[-1]
        line = location["position"]["line"] + 1
        print(f"   undocumented: {name} ({symbol['kind']['displayName']}) at Sources/{source}:{line}")
EOF
    )
    if [ -n "$undocumented" ]; then
        echo "$undocumented"
        echo "   FAILED: undocumented public symbols"
        failed+=("$target")
        continue
    fi
    echo "   clean"
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "Documentation check failed for: ${failed[*]}"
    exit 1
fi
echo "Documentation check passed for: ${targets[*]}"
