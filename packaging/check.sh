#!/usr/bin/env bash
# The test command: installs dependencies, builds with warnings as errors, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTGPERF_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600
