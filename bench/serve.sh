#!/usr/bin/env bash
# Benchmark (not a test): time from saving a file to `accord serve`'s reload event on
# this repository's site: median and 95th percentile of 50 saves of one article, then of
# one template, and the server's peak memory.
# Usage: bench/serve.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo run --release --quiet --example serve_bench -- "$@"
