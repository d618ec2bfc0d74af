#!/usr/bin/env bash
# Proves Scripts/check-imports.py fails on each kind of violation it exists to catch: each case plants one
# violation in a fresh temporary copy of the package (Package.swift, README.md, Sources, Tests, Benchmarks),
# runs the checker there and requires a failing exit and the expected message. The unmodified copy must pass,
# so a checker that fails on everything fails this test too. Then: benchmarks are targets only when
# CSPCTL_BENCHMARKS is set, and Scripts/check-build-warnings.sh fails on our warnings only. Run by .ci/run
# before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/check-imports-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

fresh_copy() {
    rm -rf "$work/package"
    mkdir -p "$work/package"
    cp -R Package.swift README.md Sources Tests Benchmarks "$work/package/"
    copy="$work/package"
}

# expect_failure NAME EXPECTED-OUTPUT-FRAGMENT: runs the checker on $copy, which must exit 1 and print the fragment.
expect_failure() {
    local name=$1 expected=$2 output status=0
    cases=$((cases + 1))
    output=$(python3 "$root/Scripts/check-imports.py" "$copy" 2>&1) || status=$?
    if [ "$status" -ne 1 ]; then
        echo "FAIL $name: the checker exited $status, not 1"
        failures=$((failures + 1))
    elif ! grep -qF -- "$expected" <<<"$output"; then
        echo "FAIL $name: the checker did not report: $expected"
        echo "$output" | sed 's/^/    /'
        failures=$((failures + 1))
    else
        echo "ok   $name"
    fi
}

# add_import FILE LINE: puts LINE on top of FILE (in the copy).
add_import() { sed -i "1i $2" "$copy/$1"; }

first_swift_file() { find "$copy/$1" -name '*.swift' | sort | head -1 | sed "s|^$copy/||"; }

# plant_import FOLDER LINE: a fresh copy whose first Swift file under FOLDER starts with LINE.
plant_import() {
    fresh_copy
    add_import "$(first_swift_file "$1")" "$2"
}

# add_rendering_dependency TARGET: declares TARGET as a dependency of PartnerCenterRendering (in the copy).
add_rendering_dependency() {
    python3 - "$copy/Package.swift" "$1" <<'EOF'
import re, sys
path, target = sys.argv[1], sys.argv[2]
text = open(path).read()
text, n = re.subn(r'(name: "PartnerCenterRendering",\s*dependencies: \[)', lambda m: m.group(1) + f'"{target}", ', text, count=1)
assert n == 1, "Rendering's dependencies not found in Package.swift"
open(path, "w").write(text)
EOF
}

# 0. The package as it is passes.
fresh_copy
cases=$((cases + 1))
if python3 "$root/Scripts/check-imports.py" "$copy" >"$work/clean.txt" 2>&1; then
    echo "ok   an unmodified copy passes"
else
    echo "FAIL an unmodified copy does not pass:"
    sed 's/^/    /' "$work/clean.txt"
    failures=$((failures + 1))
fi

# 1. The emulator imports the client: against the README table (and undeclared).
plant_import Sources/PartnerCenterEmulator "import PartnerCenterClient"
expect_failure "the emulator imports PartnerCenterClient" \
    "PartnerCenterEmulator imports PartnerCenterClient, against the README architecture table"

# 2. Rendering imports the client, even with the edge declared in Package.swift.
plant_import Sources/PartnerCenterRendering "import PartnerCenterClient"
add_rendering_dependency PartnerCenterClient
expect_failure "rendering imports PartnerCenterClient, declared" \
    "PartnerCenterRendering imports PartnerCenterClient, against the README architecture table"

# 3. The model imports a package ("import any package").
plant_import Sources/PartnerCenterModel "import Logging"
expect_failure "the model imports Logging" "PartnerCenterModel imports Logging, against the README architecture table"

# 4. A module the target does not declare (reachable only through another package).
plant_import Sources/PartnerCenterClient "package import NIOPosix"
expect_failure "the client imports NIOPosix, undeclared" \
    "PartnerCenterClient imports NIOPosix, which Package.swift does not declare"

# 5. Yams' internal C module, as the manifest once did.
plant_import Sources/PartnerCenterManifest "import CYaml"
expect_failure "the manifest imports CYaml" "PartnerCenterManifest imports CYaml, which Package.swift does not declare"

# 6. A declared dependency nothing imports.
fresh_copy
add_rendering_dependency PartnerCenterWire
expect_failure "rendering declares Wire and imports none of it" \
    "PartnerCenterRendering depends on PartnerCenterWire, which no file of PartnerCenterRendering imports"

# 7. A benchmark (declared only with CSPCTL_BENCHMARKS=1) imports what it does not declare.
plant_import Benchmarks/PlanBenchmark "import PartnerCenterManifest"
expect_failure "a benchmark imports an undeclared target" \
    "PlanBenchmark imports PartnerCenterManifest, which Package.swift does not declare"

# 8. Swift Testing in a library.
plant_import Sources/PartnerCenterReconcile "import Testing"
expect_failure "a library imports Testing" "PartnerCenterReconcile imports Testing, which only code under Tests/ may import"

# 9. The README table names a target the package does not have (a renamed target must update the table).
fresh_copy
sed -i 's/^| `PartnerCenterWire` |/| `PartnerCenterWires` |/' "$copy/README.md"
expect_failure "the README names a missing target" "the architecture table names \`PartnerCenterWires\`"

# 10. Benchmarks are opt-in: without CSPCTL_BENCHMARKS no target lives under Benchmarks/ (so `swift build
# --build-tests` and `swift test` never compile them); with it, every folder of Benchmarks/ is a target.
# benchmark_paths [VALUE]: the Benchmarks/ paths of the package's targets, CSPCTL_BENCHMARKS unset or set to VALUE.
benchmark_paths() {
    env -u CSPCTL_BENCHMARKS ${1:+CSPCTL_BENCHMARKS=$1} \
        swift package --package-path "$root" --scratch-path "$work/scratch" dump-package |
        python3 -c 'import json, sys
paths = (t.get("path") or "" for t in json.load(sys.stdin)["targets"])
print(" ".join(sorted(p for p in paths if p.startswith("Benchmarks/"))))'
}
cases=$((cases + 1))
without=$(benchmark_paths)
with=$(benchmark_paths 1)
folders=$(cd "$root" && find Benchmarks -mindepth 1 -maxdepth 1 -type d | sort | tr '\n' ' ' | sed 's/ $//')
if [ -z "$without" ] && [ "$with" = "$folders" ]; then
    echo "ok   benchmarks are targets only with CSPCTL_BENCHMARKS=1 ($folders)"
else
    echo "FAIL benchmarks: without CSPCTL_BENCHMARKS: '$without'; with it: '$with'; folders: '$folders'"
    failures=$((failures + 1))
fi

# 11. The build-warnings check fails on a warning from our files and passes on a dependency's.
cases=$((cases + 1))
printf '%s\n' "[1/2] Compiling X" "warning: 'swift-distributed-tracing': found 1 file(s) which are unhandled" >"$work/dependency.log"
printf '%s\n' "[1/2] Compiling X" "$root/Sources/PartnerCenterModel/Plan.swift:1:9: warning: package import of 'Foundation' was not used in package declarations" >"$work/ours.log"
printf '%s\n' "Vendor/CLibYAML/src/api.c:12:3: warning: unused variable 'x'" >"$work/vendor.log"
if "$root/Scripts/check-build-warnings.sh" "$work/dependency.log" >/dev/null &&
    ! "$root/Scripts/check-build-warnings.sh" "$work/ours.log" >/dev/null &&
    ! "$root/Scripts/check-build-warnings.sh" "$work/vendor.log" >/dev/null; then
    echo "ok   check-build-warnings fails on our warnings (Sources/, Vendor/) and passes a dependency's"
else
    echo "FAIL check-build-warnings does not tell our warnings from a dependency's"
    failures=$((failures + 1))
fi

echo "check-imports self-test: $((cases - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
