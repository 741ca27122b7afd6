#!/usr/bin/env bash
# Runs the speed benchmarks that BENCHMARKS.md reports, installing what
# they compare against when it is missing (Debian's hugo and GNU time).
#
#   ./scripts/bench.sh                      # 1,000, 10,000 and 100,000 problems
#   ZHENGGAI_BENCH_SIZES=1000 ./scripts/bench.sh
#
# Full build: zhenggai and hugo alternate, three runs each, output on
# tmpfs; medians of wall time and peak memory, their ratio, and the size of
# zhenggai's search index. Watch mode: save-to-page-written latency of
# `zhenggai serve` and `hugo server`. Prints figures only: nothing here
# passes or fails on time.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v hugo >/dev/null || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export ZHENGGAI_BENCH_SIZES="${ZHENGGAI_BENCH_SIZES:-1000,10000,100000}"
cargo bench --locked --bench build
# Watch mode keeps both servers' whole sites in memory; 100,000 is left
# to the full-build table.
ZHENGGAI_BENCH_SIZES="$(echo "$ZHENGGAI_BENCH_SIZES" | tr ',' '\n' | awk '$1 <= 10000' | paste -sd, -)" \
    cargo bench --locked --bench watch
