#!/usr/bin/env bash
# Benchmark (not a test): time from saving a file to `accord serve`'s reload event on
# this repository's site; median of 20 saves of one article, then of one template.
# Usage: bench/serve.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo run --release --quiet --example serve_bench -- "$@"
