#!/bin/sh
# Writes the D4RL-style datasets of BENCHMARKS.md by rolling the real behaviour policies of
# ../shared/policies (README there) in our simulator, then prints and checks their SHA-256.
#
#     tools/make_benchmark_datasets.sh                      # all four robots into benchmark-data/
#     ROBOTS="hopper walker2d" tools/make_benchmark_datasets.sh
#
# Per robot, TRANSITIONS (default 200000) rows each, following D4RL's recipe:
#   <robot>-random         uniform random actions
#   <robot>-medium         the stochastic medium policy
#   <robot>-expert         the stochastic expert policy
#   <robot>-medium-expert  medium ++ expert, TRANSITIONS rows each (2·TRANSITIONS in all)
#   <robot>-mixed          40 % random, 40 % medium, 20 % expert rows (hopper: medium-high
#                          instead of expert, the stronger policy of the medium run)
# Every file uses collection seed 0: episode k of segment s is seeded from (0, s, k), so the
# medium half of medium-expert is row for row the medium file, as in D4RL. The files are
# byte-identical on every run (fixed seeds, no timestamps, output independent of the number
# of workers); tools/benchmark-datasets.sha256 holds the hashes this recipe must reproduce.
# Environment: POLICIES (default ../shared/policies), OUT (default benchmark-data), ROBOTS,
# TRANSITIONS. Needs tools/bootstrap.sh to have run. Large output: do not commit it.
set -eu
cd "$(dirname "$0")/.."
POLICIES="${POLICIES:-../shared/policies}"
OUT="${OUT:-benchmark-data}"
ROBOTS="${ROBOTS:-hopper halfcheetah walker2d ant}"
TRANSITIONS="${TRANSITIONS:-200000}"
HASHES="tools/benchmark-datasets.sha256"

swift build -c release --product d4rl-collect >&2
collect="$(swift build -c release --show-bin-path)/d4rl-collect"
mkdir -p "$OUT"

collect_dataset() {  # collect_dataset NAME ROBOT ARGUMENTS...
    name="$1"; robot="$2"; shift 2
    echo "== $name" >&2
    "$collect" --env "$robot" --seed 0 --overwrite -o "$OUT/$name.hdf5" "$@" >&2
}

for robot in $ROBOTS; do
    random="random"
    medium="stochastic:$POLICIES/$robot-medium.h5"
    expert="stochastic:$POLICIES/$robot-expert.h5"
    high="$expert"
    [ -f "$POLICIES/$robot-medium-high.h5" ] && high="stochastic:$POLICIES/$robot-medium-high.h5"
    collect_dataset "$robot-random" "$robot" --policy "$random" --transitions "$TRANSITIONS"
    collect_dataset "$robot-medium" "$robot" --policy "$medium" --transitions "$TRANSITIONS"
    collect_dataset "$robot-expert" "$robot" --policy "$expert" --transitions "$TRANSITIONS"
    collect_dataset "$robot-medium-expert" "$robot" --policy "$medium" --policy "$expert" --transitions "$TRANSITIONS"
    collect_dataset "$robot-mixed" "$robot" --policy "$random" --policy "$medium" --policy "$high" \
        --transitions $((TRANSITIONS * 2 / 5)) --transitions $((TRANSITIONS * 2 / 5)) --transitions $((TRANSITIONS / 5))
done

(cd "$OUT" && sha256sum *.hdf5)
if [ "$TRANSITIONS" = 200000 ]; then
    # Check the files this run wrote against the recorded hashes (exit 1 on a mismatch).
    expected="$(for robot in $ROBOTS; do grep " $robot-" "$HASHES" || true; done)"
    if [ -z "$expected" ]; then
        echo "no recorded hashes for $ROBOTS in $HASHES" >&2
    else
        echo "$expected" | (cd "$OUT" && sha256sum --check --quiet -)
        echo "every file matches $HASHES" >&2
    fi
fi
