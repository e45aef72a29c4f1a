#!/bin/sh
# D4RL's dataset recipe with our SAC in our simulator (issue "D4RL's recipe, end to end here"):
#
#     tools/make_sac_datasets.sh                           # hopper halfcheetah walker2d into sac-data/
#     ROBOTS=hopper SAC_STEPS=300000 ROWS=200000 tools/make_sac_datasets.sh
#
# Per robot, one SAC run (sac-train, seed 0, SAC_STEPS environment steps, a policy saved at step 0
# and at every evaluation), then, with the stochastic SAC policies as D4RL collected (samples
# tanh(μ + σε), no further noise), ROWS rows each:
#   <robot>-random         the randomly initialised policy (step 0), not uniform noise
#   <robot>-expert         the final policy
#   <robot>-medium         the first saved policy whose evaluation reaches a third of the final
#                          evaluation's normalised score
#   <robot>-medium-replay  the run's replay buffer up to the medium policy's step
#   <robot>-medium-expert  medium ++ expert (the medium half row for row the medium file)
# The runs are deterministic (fixed seeds; one or two threads give the same numbers) and resume
# where they stopped; d4rl-collect's files are byte-identical for any --workers, so the files
# regenerate byte for byte, wherever OUT is. Environment: OUT (default sac-data), ROBOTS, SAC_STEPS (default
# 1000000, a multiple of INTERVAL), ROWS (default 1000000), INTERVAL (default 5000: evaluations
# and saved policies), SAC_FLAGS (more sac-train flags for a new run). Large output: do not commit it.
set -eu
cd "$(dirname "$0")/.."
OUT="${OUT:-sac-data}"
ROBOTS="${ROBOTS:-hopper halfcheetah walker2d}"
SAC_STEPS="${SAC_STEPS:-1000000}"
ROWS="${ROWS:-1000000}"
INTERVAL="${INTERVAL:-5000}"
SAC_FLAGS="${SAC_FLAGS:-}"

for product in sac-train d4rl-collect; do swift build -c release --product "$product" >&2; done
bin="$(swift build -c release --show-bin-path)"
mkdir -p "$OUT"

# first_step_reaching EVAL_CSV FRACTION: the first evaluation step whose normalised score reaches
# FRACTION of the last evaluation's (eval.csv: step,mean_return,std_return,normalized_score,...).
first_step_reaching() {
    awk -F, -v fraction="$2" 'NR > 1 { step[NR] = $1; score[NR] = $4; last = NR }
        END { goal = fraction * score[last]; for (i = 2; i <= last; i++) if (score[i] >= goal) { print step[i]; exit } }' "$1"
}

for robot in $ROBOTS; do
    run="$OUT/sac-$robot"
    if [ -f "$run/checkpoint.h5" ]; then
        # What a run saves and when it evaluates are flags of each invocation, not of the checkpoint.
        "$bin/sac-train" --env "$robot" --resume --save-policy-every "$INTERVAL" --eval-interval "$INTERVAL" -o "$run" >&2
    else
        # shellcheck disable=SC2086  # SAC_FLAGS holds words
        "$bin/sac-train" --env "$robot" --seed 0 --steps "$SAC_STEPS" --save-policy-at 0 --save-policy-every "$INTERVAL" \
            --eval-interval "$INTERVAL" $SAC_FLAGS -o "$run" >&2
    fi
    medium="$(first_step_reaching "$run/eval.csv" 0.3333333333)"
    echo "== $robot: expert = step $SAC_STEPS, medium = step $medium (the first evaluation at a third of the final score)" >&2
    # collect NAME POLICY-FILE...: run inside OUT, so that metadata/policies names the policies by
    # paths relative to OUT and the files do not depend on where OUT is.
    collect() {
        name="$1"; shift
        policies=""
        for policy in "$@"; do policies="$policies --policy stochastic:sac-$robot/$policy"; done
        # shellcheck disable=SC2086  # policies holds words
        (cd "$OUT" && "$bin/d4rl-collect" --env "$robot" --seed 0 --overwrite -o "$robot-$name.hdf5" $policies --transitions "$ROWS" >&2)
    }
    collect random policy-step-0.h5
    collect medium "policy-step-$medium.h5"
    collect expert policy.h5
    collect medium-expert "policy-step-$medium.h5" policy.h5
    "$bin/sac-train" --env "$robot" --export-replay "$OUT/$robot-medium-replay.hdf5" --until-step "$medium" --overwrite -o "$run" >&2
done
(cd "$OUT" && sha256sum ./*.hdf5)
