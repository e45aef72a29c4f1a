#!/bin/sh
# The runs behind README "Online learning": SAC learning curves and IQL fine-tuning.
#
#     tools/online_benchmark.sh                 # everything into online-benchmark/ (about 5 h here)
#     OUT=/scratch/online tools/online_benchmark.sh
#
# Runs, two one-thread runs side by side (each resumes where it stopped, so the script can be
# stopped and started again; a finished run is only re-read):
#   sac-<env>-seed<k>                  sac-train, hopper and halfcheetah (gymnasium v4), seeds 0-2,
#                                      SAC_STEPS (default 300000) environment steps
#   finetune-hopper-medium-seed<k>     iql-train on the benchmark's hopper-medium
#                                      (tools/make_benchmark_datasets.sh), 100000 offline updates,
#                                      then --finetune-steps 100000 online, seeds 0-2
# then prints d4rl-score's tables and writes $OUT/sac-curves.svg and $OUT/finetune-curves.svg.
# Environment: OUT (default online-benchmark), SAC_STEPS, SEEDS (default "0 1 2"), DATA (default
# benchmark-data/hopper-medium.hdf5), OFFLINE_STEPS and FINETUNE_STEPS (default 100000 each). Needs tools/bootstrap.sh to have run. Large output: do not commit it.
set -eu
cd "$(dirname "$0")/.."
OUT="${OUT:-online-benchmark}"
SAC_STEPS="${SAC_STEPS:-300000}"
SEEDS="${SEEDS:-0 1 2}"
DATA="${DATA:-benchmark-data/hopper-medium.hdf5}"
OFFLINE_STEPS="${OFFLINE_STEPS:-100000}"
FINETUNE_STEPS="${FINETUNE_STEPS:-100000}"

for product in sac-train iql-train d4rl-score; do swift build -c release --product "$product" >&2; done
bin="$(swift build -c release --show-bin-path)"
if [ ! -f "$DATA" ]; then ROBOTS=hopper tools/make_benchmark_datasets.sh >&2; fi
mkdir -p "$OUT"

# One line per run: its directory, the tool, the arguments of a new run. SAC runs first.
jobs="$OUT/jobs.txt"
: > "$jobs"
for seed in $SEEDS; do
    for env in hopper halfcheetah; do
        echo "$OUT/sac-$env-seed$seed sac-train --env $env --seed $seed --steps $SAC_STEPS" >> "$jobs"
    done
done
for seed in $SEEDS; do
    echo "$OUT/finetune-hopper-medium-seed$seed iql-train $DATA --seed $seed --steps $OFFLINE_STEPS --finetune-steps $FINETUNE_STEPS" >> "$jobs"
done

# run_job DIRECTORY TOOL ARGUMENTS...: a new run, or --resume when the directory holds one
# (a resumed run takes its steps and seed from its checkpoint).
run_job() {
    dir="$1"; tool="$2"; shift 2
    if [ -f "$dir/checkpoint.h5" ]; then
        case "$tool" in
            sac-train) set -- --env "$2" --resume ;;
            iql-train) set -- "$1" --resume ;;
        esac
    fi
    echo "== $tool $* -o $dir" >&2
    "$bin/$tool" "$@" --threads 1 --checkpoint-interval 25000 -o "$dir" >> "$dir.log" 2>&1 || echo "$dir failed (see $dir.log)" >&2
}

# worker K: the jobs whose line number is K modulo 2.
worker() {
    n=0
    while read -r dir tool arguments; do
        # shellcheck disable=SC2086  # the arguments are words
        [ $((n % 2)) -eq "$1" ] && run_job "$dir" "$tool" $arguments
        n=$((n + 1))
    done < "$jobs"
}
worker 0 & worker 1 & wait

for kind in sac finetune; do
    "$bin/d4rl-score" table "$OUT"/$kind-*-seed*/
    "$bin/d4rl-score" curves "$OUT"/$kind-*-seed*/ --out "$OUT/$kind-curves.svg" --band minmax --overwrite
done
