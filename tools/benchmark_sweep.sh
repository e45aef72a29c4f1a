#!/bin/sh
# Trains IQL (locomotion preset) and BC on the benchmark datasets, evaluates them in the
# simulator, and builds the tables and learning curves of BENCHMARKS.md.
#
#     tools/make_benchmark_datasets.sh && tools/benchmark_sweep.sh
#
# Runs: ROBOTS (hopper halfcheetah walker2d) × QUALITIES (medium medium-expert mixed) ×
# SEEDS (0 1 2) × {iql, bc}, STEPS updates each (default 100000, 10 % of the paper's 1,000,000:
# about 6 minutes per IQL run and 3 per BC run here, 4.5 hours for all 54), evaluated with 10
# episodes every EVAL_INTERVAL updates (default 5000) and at the end. Seeds form the outer loop,
# so a sweep cut short still covers every dataset. A run whose
# result.json exists is skipped, so an interrupted sweep continues where it stopped (an
# interrupted run itself restarts). Results go to RUNS (default runs/benchmark); the tables and
# the curves to REPORT (default benchmark-report/). THREADS=1 trains on one thread, so that two
# sweeps over different SEEDS can share a 2-core machine (the numbers do not depend on it).
set -eu
cd "$(dirname "$0")/.."
DATA="${DATA:-benchmark-data}"
RUNS="${RUNS:-runs/benchmark}"
REPORT="${REPORT:-benchmark-report}"
ROBOTS="${ROBOTS:-hopper halfcheetah walker2d}"
QUALITIES="${QUALITIES:-medium medium-expert mixed}"
SEEDS="${SEEDS:-0 1 2}"
STEPS="${STEPS:-100000}"
EVAL_INTERVAL="${EVAL_INTERVAL:-5000}"
THREADS="${THREADS:-2}"

swift build -c release --product iql-train >&2
swift build -c release --product d4rl-score >&2
# The sweep runs copies of the tools, so a rebuild while it runs cannot mix two versions.
bin="$RUNS/bin"
mkdir -p "$RUNS" "$REPORT" "$bin"
built="$(swift build -c release --show-bin-path)"
# Copy, then rename into place: another sweep may be running the old copy.
for tool in iql-train d4rl-score; do
    cp "$built/$tool" "$bin/.$tool.new" && mv -f "$bin/.$tool.new" "$bin/$tool"
done
for resources in "$built"/*.resources; do
    [ -d "$resources" ] || continue
    target="$bin/$(basename "$resources")"
    diff -rq "$resources" "$target" > /dev/null 2>&1 && continue
    rm -rf "$target.new" && cp -R "$resources" "$target.new" && rm -rf "$target" && mv "$target.new" "$target"
done
git rev-parse HEAD > "$RUNS/commit.txt" 2>/dev/null || true

start=$(date +%s)
for seed in $SEEDS; do
    for robot in $ROBOTS; do
        for quality in $QUALITIES; do
            for algorithm in iql bc; do
                run="$RUNS/$robot-$quality-$algorithm-seed$seed"
                [ -f "$run/result.json" ] && continue
                echo "== $run" >&2
                "$bin/iql-train" "$DATA/$robot-$quality.hdf5" --algorithm "$algorithm" --seed "$seed" \
                    --steps "$STEPS" --eval-interval "$EVAL_INTERVAL" --eval-episodes 10 \
                    --log-interval 1000 --checkpoint-interval "$STEPS" --threads "$THREADS" --output "$run" --overwrite >&2
            done
        done
    done
done
echo "sweep wall time $(( $(date +%s) - start )) s" >&2

for metric in final best; do
    "$bin/d4rl-score" table "$RUNS" --metric "$metric" --format markdown > "$REPORT/table-$metric.md"
    "$bin/d4rl-score" table "$RUNS" --metric "$metric" --format csv > "$REPORT/table-$metric.csv"
done
"$bin/d4rl-score" curves "$RUNS" --out "$REPORT/curves.svg"
cat "$REPORT/table-final.md"
