#!/usr/bin/env bash
# Formats the sources in place with the committed .swift-format; `--lint` only checks (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--lint" ]; then
    exec swift format lint --strict --recursive --parallel Package.swift Sources Tests
fi
exec swift format format --in-place --recursive --parallel Package.swift Sources Tests
