#!/bin/sh
# D4RL's dataset recipe with our SAC in our simulator (issue "D4RL's recipe, end to end here"):
#
#     tools/make_sac_datasets.sh                 # hopper halfcheetah walker2d into sac-data/
#     REUSE=1 tools/make_sac_datasets.sh         # the same files from the committed policies
#     ROBOTS=hopper SAC_STEPS=300000 ROWS=200000 tools/make_sac_datasets.sh
#
# Per robot, one SAC run (sac-train, seed 0, SAC_STEPS environment steps, a policy saved at step 0
# and at every evaluation) in OUT/sac-<robot>. Its three policies are copied to OUT/policies/
# (tools/recipe_policies.awk chooses them from the run's eval.csv):
#   <robot>-random.h5      the randomly initialised policy (step 0), not uniform noise
#   <robot>-expert.h5      the final policy, unless its evaluation is below the run's level (the
#                          mean normalised score of the last ten evaluations); then the last
#                          policy whose evaluation reaches the level
#   <robot>-medium.h5      the first policy whose evaluation and the next two reach a third of
#                          the level
# Then, with these stochastic policies as D4RL collected (samples tanh(μ + σε), no further noise),
# ROWS rows each: <robot>-random, <robot>-medium, <robot>-expert, <robot>-medium-expert (medium ++
# expert, its medium half row for row the medium file), and <robot>-medium-replay: the run's
# replay buffer up to the medium policy's step.
#
# REUSE=1 takes the expert and the SAC run's evaluations from docs/d4rl-recipe/<robot>/ (committed
# from a full run) and trains SAC only up to the medium step (OUT/sac-<robot>-to-medium), which the
# replay file needs; the random and medium policies it saves are checked against the recorded ones.
#
# The runs are deterministic (fixed seeds; one or two threads give the same numbers) and resume
# where they stopped; d4rl-collect's files are byte-identical for any --workers and, since it runs
# inside OUT, for any OUT. With the defaults the policies and files are checked against
# tools/sac-datasets.sha256 (exit 1 on a mismatch). Environment: OUT (default sac-data), ROBOTS,
# SAC_STEPS (default 1000000, a multiple of INTERVAL), ROWS (default 1000000), INTERVAL (default
# 5000: evaluations and saved policies), SAC_FLAGS (more sac-train flags for a new run), THREADS
# (sac-train --threads, 1 or 2: default sac-train's; 1 leaves a core to another job), REUSE, RECORD
# (default docs/d4rl-recipe).
# Large output: do not commit it.
set -eu
cd "$(dirname "$0")/.."
OUT="${OUT:-sac-data}"
ROBOTS="${ROBOTS:-hopper halfcheetah walker2d}"
SAC_STEPS="${SAC_STEPS:-1000000}"
ROWS="${ROWS:-1000000}"
INTERVAL="${INTERVAL:-5000}"
SAC_FLAGS="${SAC_FLAGS:-}"
THREADS="${THREADS:+--threads $THREADS}"
REUSE="${REUSE:-}"
RECORD="${RECORD:-docs/d4rl-recipe}"
HASHES="tools/sac-datasets.sha256"
MEDIUM_FRACTION=0.3333333333  # of the run's level (recipe_policies.awk)

for product in sac-train d4rl-collect; do swift build -c release --product "$product" >&2; done
bin="$(swift build -c release --show-bin-path)"
mkdir -p "$OUT/policies"

# choose EVAL_CSV: sets expert, medium (steps), level and threshold (normalised scores).
choose() {
    # shellcheck disable=SC2046  # four words
    set -- $(awk -F, -v fraction="$MEDIUM_FRACTION" -f tools/recipe_policies.awk "$1")
    expert="$1" medium="$2" level="$3" threshold="$4"
}

# train_sac ROBOT STEPS RUN: the robot's SAC run in RUN to STEPS steps, new or resumed.
train_sac() {
    if [ -f "$3/checkpoint.h5" ]; then
        # What a run saves and when it evaluates are flags of each invocation, not of the checkpoint.
        # shellcheck disable=SC2086  # THREADS holds words
        "$bin/sac-train" --env "$1" --resume $THREADS --save-policy-every "$INTERVAL" --eval-interval "$INTERVAL" -o "$3" >&2
    else
        # shellcheck disable=SC2086  # SAC_FLAGS and THREADS hold words
        "$bin/sac-train" --env "$1" --seed 0 --steps "$2" --save-policy-at 0 --save-policy-every "$INTERVAL" \
            --eval-interval "$INTERVAL" $THREADS $SAC_FLAGS -o "$3" >&2
    fi
}

# require_same FILE RECORDED: stops the recipe unless FILE is byte for byte the RECORDED one.
require_same() {
    cmp -s "$1" "$2" || { echo "$1 differs from $2" >&2; exit 1; }
}

# collect ROBOT NAME KIND...: ROWS rows of each OUT/policies/ROBOT-KIND.h5 into OUT/ROBOT-NAME.hdf5.
collect() {
    robot="$1"; name="$2"; shift 2
    policies=""
    for kind in "$@"; do policies="$policies --policy stochastic:policies/$robot-$kind.h5"; done
    # shellcheck disable=SC2086  # policies holds words
    (cd "$OUT" && "$bin/d4rl-collect" --env "$robot" --seed 0 --overwrite -o "$robot-$name.hdf5" $policies --transitions "$ROWS" >&2)
}

for robot in $ROBOTS; do
    if [ -n "$REUSE" ]; then
        choose "$RECORD/$robot/eval.csv"
        run="$OUT/sac-$robot-to-medium"
        train_sac "$robot" "$medium" "$run"
        require_same "$run/policy-step-0.h5" "$RECORD/$robot/random.h5"
        require_same "$run/policy-step-$medium.h5" "$RECORD/$robot/medium.h5"
        cp "$RECORD/$robot/expert.h5" "$OUT/policies/$robot-expert.h5"
    else
        run="$OUT/sac-$robot"
        train_sac "$robot" "$SAC_STEPS" "$run"
        choose "$run/eval.csv"
        cp "$run/policy-step-$expert.h5" "$OUT/policies/$robot-expert.h5"
    fi
    echo "== $robot: level $level (mean normalised score of the last ten evaluations); expert = step $expert;" \
        "medium = step $medium (evaluations from it on reach $threshold, a third of the level)" >&2
    cp "$run/policy-step-0.h5" "$OUT/policies/$robot-random.h5"
    cp "$run/policy-step-$medium.h5" "$OUT/policies/$robot-medium.h5"
    collect "$robot" random random
    collect "$robot" medium medium
    collect "$robot" expert expert
    collect "$robot" medium-expert medium expert
    "$bin/sac-train" --env "$robot" --export-replay "$OUT/$robot-medium-replay.hdf5" --until-step "$medium" --overwrite -o "$run" >&2
done

(cd "$OUT" && sha256sum *.hdf5 policies/*.h5)
if [ "$SAC_STEPS" = 1000000 ] && [ "$ROWS" = 1000000 ] && [ "$INTERVAL" = 5000 ] && [ -z "$SAC_FLAGS" ]; then
    expected="$(for robot in $ROBOTS; do grep -E "  (policies/)?$robot-" "$HASHES" || true; done)"
    if [ -z "$expected" ]; then
        echo "no recorded hashes for $ROBOTS in $HASHES" >&2
    else
        echo "$expected" | (cd "$OUT" && sha256sum --check --quiet -)
        echo "every file matches $HASHES" >&2
    fi
fi
