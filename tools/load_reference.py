#!/usr/bin/env python3
"""Python reference timings for loading a D4RL file.

    python3 tools/load_reference.py FILE [--repeat 3] [--max-episode-steps 1000]

Measures, as the best of --repeat runs (time.perf_counter):
  (a) h5py_read_seconds: reading observations, actions, rewards, terminals,
      timeouts, next_observations (those present) fully into numpy with
      f[key][()];
  (b) qlearning_seconds: the same read followed by the per-row Python loop of
      D4RL's qlearning_dataset (SPEC §2: drop the last row, drop timeout rows,
      next_obs = observations[i+1]), appending to lists and converting with
      np.array at the end.

Prints one line on stdout:
  RESULT {"rows": N, "transitions": n, "h5py_read_seconds": x, "qlearning_seconds": y}
Exits with status 2 and a one-line message on stderr when h5py is missing.
"""

import argparse
import json
import sys
import time

try:
    import numpy as np
    import h5py
except ImportError as exc:  # pragma: no cover - exercised only without h5py
    sys.stderr.write(f"load_reference.py: cannot import h5py/numpy ({exc}); "
                     "pip install -r tools/requirements.txt\n")
    sys.exit(2)

KEYS = ("observations", "actions", "rewards", "terminals", "timeouts", "next_observations")


def read_arrays(path):
    """Read the D4RL arrays that exist in the file fully into memory."""
    out = {}
    with h5py.File(path, "r") as f:
        for key in KEYS:
            if key in f:
                out[key] = f[key][()]
    return out


def qlearning_dataset(data, max_episode_steps=1000, terminate_on_end=False):
    """Per-row reference loop of D4RL's qlearning_dataset (SPEC §2)."""
    observations = data["observations"]
    actions = data["actions"]
    rewards = data["rewards"].reshape(-1)
    terminals = data["terminals"].reshape(-1)
    timeouts = data["timeouts"].reshape(-1) if "timeouts" in data else None
    n = observations.shape[0]

    obs_list, next_list, act_list, rew_list, done_list = [], [], [], [], []
    episode_step = 0
    for i in range(n - 1):
        obs = observations[i].astype(np.float32)
        next_obs = observations[i + 1].astype(np.float32)
        action = actions[i].astype(np.float32)
        reward = rewards[i].astype(np.float32)
        terminal = bool(terminals[i])
        if timeouts is not None:
            final = bool(timeouts[i])
        else:
            final = episode_step == max_episode_steps - 1
        if final and not terminate_on_end:
            episode_step = 0
            continue
        if terminal or final:
            episode_step = 0
        obs_list.append(obs)
        next_list.append(next_obs)
        act_list.append(action)
        rew_list.append(reward)
        done_list.append(terminal)
        episode_step += 1

    return {
        "observations": np.array(obs_list),
        "actions": np.array(act_list),
        "next_observations": np.array(next_list),
        "rewards": np.array(rew_list),
        "terminals": np.array(done_list),
    }


def best_of(repeat, fn):
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None):
    p = argparse.ArgumentParser(description="Time h5py reads and a Python qlearning_dataset.")
    p.add_argument("file")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--max-episode-steps", type=int, default=1000,
                   help="time limit used when the file has no timeouts key")
    a = p.parse_args(argv)
    repeat = max(1, a.repeat)

    read_s, data = best_of(repeat, lambda: read_arrays(a.file))
    rows = int(data["observations"].shape[0])
    del data

    def full():
        return qlearning_dataset(read_arrays(a.file), a.max_episode_steps)

    ql_s, ds = best_of(repeat, full)
    print("RESULT " + json.dumps({
        "rows": rows,
        "transitions": int(ds["observations"].shape[0]),
        "h5py_read_seconds": read_s,
        "qlearning_seconds": ql_s,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
