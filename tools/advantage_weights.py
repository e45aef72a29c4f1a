#!/usr/bin/env python3
"""Where an IQL run puts its actor's weight, per behaviour segment of its dataset.

    python3 tools/advantage_weights.py RUN/checkpoint.h5 DATASET.hdf5 [--temperature 3]

For every row (s, a) of the dataset it evaluates the checkpoint's networks in float64 numpy:
the advantage A = min(Q1', Q2')(s, a) - V(s) with the target critic, exactly as the actor step
uses it, and the weight w = min(exp(beta * A), 100). Per segment of `metadata/segment_rows`
(written by d4rl-collect: e.g. medium then expert rows) it prints the mean Q and V, the mean and
standard deviation of A, the segment's share of all weight, and the mean squared distance between
the deterministic policy action tanh(mu(s)) and the data's actions. It also prints the expected
effective batch size of the weighted actor loss, (sum w)^2 / sum w^2 over batches of 256 drawn
uniformly, which falls far below 256 when a few rows carry most of the weight.

Observations are used as stored (the locomotion preset does not normalise them); a checkpoint
with observation normalisation is refused (`load_params`).
"""
import argparse

import h5py
import numpy as np


def load_params(path):
    """Every network tensor of an iql-train checkpoint, read once: {"critic/q1/layer0/kernel": array}.

    Exits with a one-line message for a run that normalised observations (these scripts use the
    dataset's observations as stored)."""
    with h5py.File(path, "r") as checkpoint:
        if "normalizer" in checkpoint:
            raise SystemExit(f"{path}: the run normalised observations; this script uses them as stored")
        params = {}
        checkpoint["params"].visititems(
            lambda name, item: params.__setitem__(name, np.asarray(item, np.float64)) if isinstance(item, h5py.Dataset) else None)
    return params


def mlp(params, prefix, x):
    """The ReLU MLP stored as PREFIX/layerI/{kernel,bias} in `params`, linear output."""
    count = sum(1 for name in params if name.startswith(prefix + "/layer") and name.endswith("/kernel"))
    for index in range(count):
        x = x @ params[f"{prefix}/layer{index}/kernel"] + params[f"{prefix}/layer{index}/bias"]
        if index < count - 1:
            x = np.maximum(x, 0)
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint")
    parser.add_argument("dataset")
    parser.add_argument("--temperature", type=float, default=3.0, help="beta of the run (locomotion preset: 3)")
    parser.add_argument("--batch", type=int, default=256)
    arguments = parser.parse_args()

    params = load_params(arguments.checkpoint)
    with h5py.File(arguments.dataset, "r") as data:
        observations = np.asarray(data["observations"], np.float64)
        actions = np.clip(np.asarray(data["actions"], np.float64), -1 + 1e-5, 1 - 1e-5)
        segments = list(np.asarray(data["metadata/segment_rows"])) if "metadata/segment_rows" in data else [len(observations)]
        names = str(np.asarray(data["metadata/algorithm"]).item().decode()).split(" ++ ") if "metadata/algorithm" in data else []

        pairs = np.concatenate([observations, actions], axis=1)
        target_q = np.minimum(mlp(params, "target_critic/q1", pairs), mlp(params, "target_critic/q2", pairs))[:, 0]
        value = mlp(params, "value", observations)[:, 0]
        policy_action = np.tanh(mlp(params, "actor/layers", observations))

    advantage = target_q - value
    weight = np.minimum(np.exp(arguments.temperature * advantage), 100.0)
    bounds = np.concatenate([[0], np.cumsum(segments)])
    print(f"{'segment':<48} {'rows':>7} {'Q':>7} {'V':>7} {'A mean':>7} {'A sd':>6} {'weight share':>12} {'policy mse':>10}")
    for index in range(len(segments)):
        rows = slice(bounds[index], bounds[index + 1])
        name = names[index] if index < len(names) else f"segment {index}"
        a = advantage[rows]
        print(f"{name[-48:]:<48} {segments[index]:>7} {target_q[rows].mean():7.2f} {value[rows].mean():7.2f} {a.mean():7.3f} {a.std():6.3f}"
              f" {weight[rows].sum() / weight.sum():12.3f} {np.mean((policy_action[rows] - actions[rows]) ** 2):10.3f}")

    generator = np.random.default_rng(0)
    batches = weight[generator.integers(0, len(weight), size=(1000, arguments.batch))]
    effective = batches.sum(axis=1) ** 2 / (batches ** 2).sum(axis=1)
    print(f"effective actor batch (sum w)^2 / sum w^2: mean {effective.mean():.1f} of {arguments.batch} "
          f"(10th percentile {np.percentile(effective, 10):.1f}); weights clipped at 100: {np.mean(weight >= 100):.2%} of rows")


if __name__ == "__main__":
    main()
