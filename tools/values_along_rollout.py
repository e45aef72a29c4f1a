#!/usr/bin/env python3
"""Does a trained IQL critic know when its own policy is about to fall?

    python3 tools/values_along_rollout.py RUN/checkpoint.h5 DATASET.hdf5 --env Walker2d-v4

Two views of the same critic, in the scaled reward units it was trained on (D4RL locomotion
scale 1000 / (max return - min return) over the dataset's episodes):

1. On the dataset: the mean of min(Q1, Q2)(s, a) on rows k = 0, 1, 5, 10, 20, 50 steps before a
   terminal row. A critic that learned the terminals falls towards the last reward there.
2. Along one rollout of the deterministic policy clip(tanh(mu(s))) in gymnasium's environment
   (episode seed 0): min(Q1, Q2)(s, pi(s)) and V(s) at a dozen steps, beside the discounted
   return-to-go that actually followed (discount 0.99, nothing after a terminal).

Needs gymnasium and mujoco (tools/requirements-dynamics.txt) besides h5py and numpy.
"""
import argparse

import h5py
import numpy as np

from advantage_weights import load_params, mlp

DISCOUNT = 0.99


def reward_scale(data):
    """1000 / (max - min) of the episode returns, episodes ended by terminals or timeouts."""
    rewards = np.asarray(data["rewards"], np.float64).reshape(-1)
    ends = (np.asarray(data["terminals"]).reshape(-1) != 0) | (np.asarray(data["timeouts"]).reshape(-1) != 0)
    ends[-1] = True
    returns = np.add.reduceat(rewards, np.concatenate([[0], np.flatnonzero(ends)[:-1] + 1]))
    return 1000.0 / (returns.max() - returns.min())


def twin_min(params, prefix, pairs):
    return np.minimum(mlp(params, f"{prefix}/q1", pairs), mlp(params, f"{prefix}/q2", pairs))[..., 0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint")
    parser.add_argument("dataset")
    parser.add_argument("--env", required=True, help="gymnasium id, e.g. Hopper-v4, Walker2d-v4")
    arguments = parser.parse_args()

    import gymnasium

    params = load_params(arguments.checkpoint)
    with h5py.File(arguments.dataset, "r") as data:
        scale = reward_scale(data)
        observations = np.asarray(data["observations"], np.float64)
        actions = np.clip(np.asarray(data["actions"], np.float64), -1 + 1e-5, 1 - 1e-5)
        terminals = np.flatnonzero(np.asarray(data["terminals"]).reshape(-1))
        rewards = np.asarray(data["rewards"], np.float64).reshape(-1) * scale

    print(f"reward scale {scale:.4f}; {len(terminals)} terminal rows, scaled reward there {rewards[terminals].mean():.2f}")
    for k in [0, 1, 5, 10, 20, 50]:
        rows = terminals - k
        rows = rows[rows >= 0]
        q = twin_min(params, "critic", np.concatenate([observations[rows], actions[rows]], axis=1))
        print(f"dataset, {k:2d} steps before a terminal: Q {q.mean():8.2f}")

    environment = gymnasium.make(arguments.env)
    observation, _ = environment.reset(seed=0)
    q_values, values, step_rewards = [], [], []
    while True:
        action = np.clip(np.tanh(mlp(params, "actor/layers", observation)), -1, 1)
        q_values.append(twin_min(params, "critic", np.concatenate([observation, action])))
        values.append(mlp(params, "value", observation)[0])
        observation, reward, terminated, truncated, _ = environment.step(action.astype(np.float32))
        step_rewards.append(reward * scale)
        if terminated or truncated:
            break
    return_to_go = np.zeros(len(step_rewards))
    # A truncated episode continues after its last step: bootstrap with V of the state it reached.
    following = 0.0 if terminated else mlp(params, "value", observation)[0]
    for t in reversed(range(len(step_rewards))):
        following = step_rewards[t] + DISCOUNT * following
        return_to_go[t] = following
    print(f"rollout in {arguments.env} (seed 0): {len(step_rewards)} steps, {'terminated' if terminated else 'truncated'}")
    for t in sorted(set(range(0, len(step_rewards), max(1, len(step_rewards) // 12))) | {len(step_rewards) - 1}):
        print(f"step {t:4d}: Q {q_values[t]:8.2f}  V {values[t]:8.2f}  return-to-go {return_to_go[t]:8.2f}")


if __name__ == "__main__":
    main()
