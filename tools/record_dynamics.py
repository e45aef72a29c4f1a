#!/usr/bin/env python3
"""Record gymnasium's MuJoCo locomotion dynamics as small D4RL-layout fixtures.

    python3 -m pip install -r tools/requirements-dynamics.txt
    python3 tools/record_dynamics.py [--out Fixtures/dynamics] [--rows 400]

For each of Hopper-v4, Walker2d-v4, HalfCheetah-v4 and Ant-v4 (pip's `mujoco`, versions
pinned in requirements-dynamics.txt) this rolls random actions from a fixed seed and writes
`<robot>-v4-dynamics.hdf5` with the D4RL keys `observations`, `actions`, `rewards`,
`terminals`, `timeouts`, `next_observations` and `infos/qpos`, `infos/qvel` (the state the
row's observation was taken in), plus `metadata/*` naming the versions. The Swift dynamics
check (`d4rl-inspect verify-dynamics`) sets each recorded state, applies the action, steps
our own MJCF models and compares next observation and reward.

Layout choices, so the fixtures test the simulator rather than float32 rounding:
- observations, rewards and states are float64 (D4RL stores float32); actions float32, as
  gymnasium samples them;
- actions are drawn from U(-1.2, 1.2), beyond the ±1 control range, so MuJoCo's clamping of
  `ctrl` and the reward's cost of the unclipped action are exercised too;
- episodes are cut after `--episode-steps` steps (a timeout) so every file holds several
  episode starts, also for HalfCheetah, which never terminates;
- Ant's observation gets D4RL's 84 zero contact-force values appended (111 values);
  gymnasium's default Ant-v4 observation leaves them out.

Before recording, the script compiles our models (Sources/Environments/Models/*.xml) with the
same `mujoco` and prints the largest difference from gymnasium's compiled model over every
numeric model array, a check that the MJCF files carry the published parameters.
Output is deterministic (fixed seeds, `track_times=False`).
"""

import argparse
import warnings
from pathlib import Path

import gymnasium
import h5py
import mujoco
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "Sources" / "Environments" / "Models"

# (gymnasium id, our model file, file stem, zero values appended to the observation)
ROBOTS = [
    ("Hopper-v4", "hopper", "hopper", 0),
    ("Walker2d-v4", "walker2d", "walker2d", 0),
    ("HalfCheetah-v4", "half_cheetah", "halfcheetah", 0),
    ("Ant-v4", "ant", "ant", 84),
]

# Model arrays that do not affect the dynamics (names, rendering, user data).
COSMETIC_PREFIXES = ("name", "tex", "mat", "light", "cam", "vis", "site", "skin", "text",
                     "geom_rgba", "geom_matid", "geom_dataid", "geom_user", "numeric", "paths",
                     "signature")


def model_difference(reference, ours):
    """Largest |difference| over the numeric arrays both compiled models hold, and its name."""
    worst = (0.0, "")
    for name in dir(reference):
        if name.startswith("_") or name.startswith(COSMETIC_PREFIXES):
            continue
        a, b = getattr(reference, name, None), getattr(ours, name, None)
        if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray) or a.size == 0:
            continue
        if a.shape != b.shape:
            return float("inf"), f"{name} shape {a.shape} vs {b.shape}"
        difference = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
        worst = max(worst, (difference, name))
    return worst


def record(env_id, padding, rows, episode_steps, seed):
    """Roll random actions; return the D4RL arrays of `rows` steps."""
    env = gymnasium.make(env_id, max_episode_steps=episode_steps)
    data = env.unwrapped.data
    rng = np.random.default_rng(seed)
    columns = {key: [] for key in ("observations", "actions", "rewards", "terminals", "timeouts",
                                   "next_observations", "qpos", "qvel")}
    pad = np.zeros(padding)
    observation, _ = env.reset(seed=seed)
    while len(columns["rewards"]) < rows:
        qpos, qvel = data.qpos.copy(), data.qvel.copy()
        action = rng.uniform(-1.2, 1.2, size=env.action_space.shape).astype(np.float32)
        next_observation, reward, terminated, truncated, _ = env.step(action)
        row = {"observations": np.concatenate([observation, pad]), "actions": action, "rewards": reward,
               "terminals": terminated, "timeouts": truncated and not terminated,
               "next_observations": np.concatenate([next_observation, pad]), "qpos": qpos, "qvel": qvel}
        for key, value in row.items():
            columns[key].append(value)
        observation = env.reset()[0] if terminated or truncated else next_observation
    return columns


def write(path, columns, env_id):
    """The D4RL layout: top-level arrays, infos/qpos and infos/qvel, metadata/*."""
    dtypes = {"actions": np.float32, "terminals": np.bool_, "timeouts": np.bool_}
    with h5py.File(path, "w", libver="earliest") as file:
        for key, values in columns.items():
            name = f"infos/{key}" if key in ("qpos", "qvel") else key
            array = np.asarray(values, dtype=dtypes.get(key, np.float64))
            file.create_dataset(name, data=array, compression="gzip", chunks=True, track_times=False)
        metadata = {"algorithm": "random U(-1.2, 1.2)", "environment": env_id,
                    "gymnasium_version": gymnasium.__version__, "mujoco_version": mujoco.__version__}
        for key, value in metadata.items():
            file.create_dataset(f"metadata/{key}", data=np.bytes_(value), track_times=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "Fixtures" / "dynamics")
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--episode-steps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    arguments.out.mkdir(parents=True, exist_ok=True)
    print(f"gymnasium {gymnasium.__version__}, mujoco {mujoco.__version__}")
    for env_id, model, stem, padding in ROBOTS:
        reference = gymnasium.make(env_id).unwrapped.model
        difference, field = model_difference(reference, mujoco.MjModel.from_xml_path(str(MODELS / f"{model}.xml")))
        columns = record(env_id, padding, arguments.rows, arguments.episode_steps, arguments.seed)
        path = arguments.out / f"{stem}-v4-dynamics.hdf5"
        write(path, columns, env_id)
        episodes = int(np.sum(columns["terminals"]) + np.sum(columns["timeouts"]))
        print(f"{env_id:15s} model max |Δ| {difference:.3g} ({field or '-'}); "
              f"{arguments.rows} rows, {episodes} episode ends → {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
