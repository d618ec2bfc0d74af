#!/usr/bin/env bash
# Fails when a build log holds a warning from this package's own files (Package.swift, Sources/, Tests/,
# Benchmarks/, Vendor/) or from SwiftPM about this package ("warning: 'cspctl': ..."). Warnings from dependencies
# (swift-distributed-tracing's manifest, for one) are not ours to fix and pass. Prints each warning once.
# Usage: Scripts/check-build-warnings.sh BUILD-LOG   (.ci/run passes the log of `swift build --build-tests`)
set -euo pipefail
log=${1:?usage: Scripts/check-build-warnings.sh BUILD-LOG}
root=$(cd "$(dirname "$0")/.." && pwd)
pattern="^(${root}/)?(Package\.swift|(Sources|Tests|Benchmarks|Vendor)/[^:]*):[0-9]+(:[0-9]+)?: warning:|warning: 'cspctl'"
if grep -E "$pattern" "$log" | sort -u | grep .; then
    echo "error: the build printed the warnings above from this package's files (README, Development)"
    exit 1
fi
echo "no warnings from this package's files"
