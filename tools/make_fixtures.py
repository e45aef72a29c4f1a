#!/usr/bin/env python3
"""Generate the synthetic D4RL-layout HDF5 fixtures used by the Swift tests.

    python3 tools/make_fixtures.py [--out Fixtures]
        Regenerates Fixtures/d4rl/*.hdf5, Fixtures/d4rl/expected.json,
        Fixtures/malformed/*.hdf5 and Fixtures/malformed/expected.json.
        Output is deterministic (fixed seeds, no HDF5 timestamps), so running
        it twice gives byte-identical files.

    python3 tools/make_fixtures.py bench OUT.hdf5 [--rows 1000000]
        Writes a hopper-sized (obs 11, act 3) float32 file with every D4RL v2
        key, for benchmarks. Not committed.

The data is synthetic (smooth random walks, per-episode reward levels), laid
out exactly like the files D4RL distributes (see ../shared/SPEC.md §1).
The expected.json facts are recomputed from the written files with plain
Python loops that follow SPEC §2, independently of the generating code.
"""

import argparse
import io
import json
import math
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "Fixtures"

HOPPER_DT = 0.008
WALKER_DT = 0.008


# ---------------------------------------------------------------------------
# HDF5 writing helpers
# ---------------------------------------------------------------------------

def write_array(group, name, data):
    """An array dataset the way D4RL writes it: gzip (level 4), auto chunks."""
    return group.create_dataset(
        name, data=np.asarray(data), compression="gzip", chunks=True, track_times=False
    )


def write_scalar(group, name, value, dtype=None):
    """A scalar dataset (contiguous, uncompressed), like D4RL's metadata/*."""
    return group.create_dataset(name, data=value, dtype=dtype, track_times=False)


def new_file(target):
    """Open an HDF5 file for writing (path or file-like object)."""
    return h5py.File(target, "w", libver="earliest")


# ---------------------------------------------------------------------------
# Synthetic data generators
# ---------------------------------------------------------------------------

def smooth_actions(rng, length, act_dim, gain=1.0, keep=0.7):
    """AR(1) action sequence clipped to [-1, 1] (some entries saturate at ±1)."""
    out = np.empty((length, act_dim))
    a = rng.uniform(-0.3, 0.3, act_dim)
    for t in range(length):
        a = keep * a + (1.0 - keep) * gain * rng.standard_normal(act_dim)
        out[t] = a
    return np.clip(out, -1.0, 1.0)


def locomotion_episode(rng, length, n_pos, n_vel, act_dim, speed, z0, dt):
    """One hopper/walker-like episode.

    Returns (obs_states (length+1, n_pos+n_vel), x (length+1,),
    actions (length, act_dim), rewards (length,)), all float64.
    The observation is qpos[1:] ++ qvel as in gym's Hopper/Walker2d; x is
    qpos[0], which is not observed. Velocities follow an AR(1) process around
    a per-episode forward speed; positions integrate them (smooth random walk).
    reward = Δx/dt + 1 − 1e-3·Σa², the gym formula, so episode returns differ
    with the per-episode speed.
    """
    actions = smooth_actions(rng, length, act_dim)
    q = np.zeros(n_pos)
    q[0] = z0
    q += rng.uniform(-0.005, 0.005, n_pos)
    v = rng.uniform(-0.005, 0.005, n_vel)
    x = 0.0
    mean_v = np.zeros(n_vel)
    mean_v[0] = speed
    states = np.empty((length + 1, n_pos + n_vel))
    xs = np.empty(length + 1)
    states[0, :n_pos] = q
    states[0, n_pos:] = v
    xs[0] = x
    rewards = np.empty(length)
    for t in range(length):
        v = 0.85 * v + 0.15 * (mean_v + 1.5 * rng.standard_normal(n_vel))
        v = np.clip(v, -10.0, 10.0)
        # qvel[0] is ẋ, qvel[1] is ż, the rest are angular velocities of the
        # observed angles q[1:] (q[0] is z).
        q = q + dt * v[1:1 + n_pos] * np.where(np.arange(n_pos) == 0, 0.2, 1.0)
        x_new = x + dt * v[0]
        rewards[t] = (x_new - x) / dt + 1.0 - 1e-3 * float(np.sum(actions[t] ** 2))
        x = x_new
        states[t + 1, :n_pos] = q
        states[t + 1, n_pos:] = v
        xs[t + 1] = x
    return states, xs, actions, rewards


def assemble(episodes, rows):
    """Concatenate episodes and cut to `rows` rows (the last one unfinished).

    Each episode is a dict with 'states' (L+1, d), 'actions' (L, k),
    'rewards' (L,), 'end' in {'terminal', 'timeout', 'both', 'none'} and
    optional extra per-row arrays in 'extra'. Returns a dict of arrays.
    """
    total = sum(len(e["rewards"]) for e in episodes)
    assert total > rows, "the last episode must be cut (unfinished)"
    obs, nxt, act, rew, term, tout = [], [], [], [], [], []
    extras = {}
    for e in episodes:
        L = len(e["rewards"])
        obs.append(e["states"][:-1])
        nxt.append(e["states"][1:])
        act.append(e["actions"])
        rew.append(e["rewards"])
        t = np.zeros(L, bool)
        o = np.zeros(L, bool)
        if e["end"] in ("terminal", "both"):
            t[-1] = True
        if e["end"] in ("timeout", "both"):
            o[-1] = True
        term.append(t)
        tout.append(o)
        for k, v in e.get("extra", {}).items():
            extras.setdefault(k, []).append(v)
    out = {
        "observations": np.concatenate(obs)[:rows],
        "next_observations": np.concatenate(nxt)[:rows],
        "actions": np.concatenate(act)[:rows],
        "rewards": np.concatenate(rew)[:rows],
        "terminals": np.concatenate(term)[:rows],
        "timeouts": np.concatenate(tout)[:rows],
    }
    for k, v in extras.items():
        out[k] = np.concatenate(v)[:rows]
    # The cut episode is unfinished: its (removed) last row carried the flag.
    return out


def hopper_episodes(rng, rows, min_len, max_len, speed_range, end_choice):
    """Hopper-like episodes until their total length exceeds `rows`."""
    episodes = []
    total = 0
    while total <= rows:
        L = int(rng.integers(min_len, max_len + 1))
        speed = float(rng.uniform(*speed_range))
        states, xs, actions, rewards = locomotion_episode(
            rng, L, n_pos=5, n_vel=6, act_dim=3, speed=speed, z0=1.25, dt=HOPPER_DT)
        qpos = np.concatenate([xs[:, None], states[:, :5]], axis=1)[:-1]
        qvel = states[:-1, 5:]
        logp = -1.5 + 0.8 * rng.standard_normal(L)
        episodes.append({
            "states": states, "actions": actions, "rewards": rewards,
            "end": end_choice(rng, len(episodes)),
            "extra": {"qpos": qpos, "qvel": qvel, "logp": logp},
        })
        total += L
    return episodes


def make_hopper_v2(path):
    rng = np.random.default_rng(20240101)
    rows = 3000
    ends = ["terminal", "timeout"]
    eps = hopper_episodes(rng, rows, 80, 450, (0.3, 3.2),
                          lambda r, i: ends[i % 2] if i < 2 else ends[int(r.integers(0, 2))])
    d = assemble(eps, rows)
    f32 = np.float32
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        write_array(f, "observations", d["observations"].astype(f32))
        write_array(f, "actions", d["actions"].astype(f32))
        write_array(f, "rewards", d["rewards"].astype(f32))
        write_array(f, "terminals", d["terminals"])
        write_array(f, "timeouts", d["timeouts"])
        write_array(f, "next_observations", d["next_observations"].astype(f32))
        write_array(f, "infos/qpos", d["qpos"].astype(f32))
        write_array(f, "infos/qvel", d["qvel"].astype(f32))
        write_array(f, "infos/action_log_probs", d["logp"].astype(f32))
        write_scalar(f, "metadata/algorithm", np.bytes_(b"SAC"))
        write_scalar(f, "metadata/iteration", np.int32(1000000))
        prng = np.random.default_rng(7)
        layers = [("fc0", 256, 11), ("fc1", 256, 256), ("last_fc", 3, 256), ("last_fc_log_std", 3, 256)]
        for name, n_out, n_in in layers:
            w = prng.standard_normal((n_out, n_in)) / math.sqrt(n_in)
            write_array(f, f"metadata/policy/{name}/weight", w.astype(f32))
            write_array(f, f"metadata/policy/{name}/bias", (0.01 * prng.standard_normal(n_out)).astype(f32))
        write_scalar(f, "metadata/policy/nonlinearity", "relu")  # Python str -> vlen UTF-8
        write_scalar(f, "metadata/policy/output_distribution", np.bytes_(b"tanh_gaussian"))


def make_hopper_medium_replay_v2(path):
    """float64 replay-style file with timeouts out of sync with resets."""
    rng = np.random.default_rng(20240202)
    rows = 2000
    episodes = []
    total = 0
    while total <= rows:
        i = len(episodes)
        # a replay buffer: early episodes are short and slow, later ones better
        L = int(rng.integers(20 + 15 * i, 60 + 25 * i))
        speed = 0.2 + 0.12 * i + float(rng.uniform(0.0, 0.3))
        states, xs, actions, rewards = locomotion_episode(
            rng, L, n_pos=5, n_vel=6, act_dim=3, speed=speed, z0=1.25, dt=HOPPER_DT)
        end = "terminal" if rng.random() < 0.7 else "timeout"
        episodes.append({"states": states, "actions": actions, "rewards": rewards, "end": end})
        total += L
    # Quirks: one silent reset, one row that is terminal *and* timeout, and a
    # timeout in the middle of an episode that continues afterwards.
    episodes[2]["end"] = "none"
    episodes[4]["end"] = "both"
    episodes[6]["end"] = "timeout"
    d = assemble(episodes, rows)
    starts = np.cumsum([0] + [len(e["rewards"]) for e in episodes])
    mid = int(starts[5] + len(episodes[5]["rewards"]) // 2)
    assert not d["terminals"][mid] and not d["timeouts"][mid]
    d["timeouts"][mid] = True
    # checks of the advertised quirks
    both = d["terminals"] & d["timeouts"]
    assert int(both.sum()) == 1
    assert np.array_equal(d["next_observations"][mid], d["observations"][mid + 1])
    silent = int(starts[3] - 1)
    assert not d["terminals"][silent] and not d["timeouts"][silent]
    assert not np.array_equal(d["next_observations"][silent], d["observations"][silent + 1])
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        write_array(f, "observations", d["observations"].astype(np.float64))
        write_array(f, "actions", d["actions"].astype(np.float64))
        write_array(f, "rewards", d["rewards"].astype(np.float64))
        write_array(f, "terminals", d["terminals"])
        write_array(f, "timeouts", d["timeouts"])
        write_array(f, "next_observations", d["next_observations"].astype(np.float64))


def umaze_point(s):
    """Point at arc length s along the U: (0,0)->(8,0)->(8,8)->(0,8)."""
    s = min(max(s, 0.0), 24.0)
    if s <= 8.0:
        return np.array([s, 0.0])
    if s <= 16.0:
        return np.array([8.0, s - 8.0])
    return np.array([8.0 - (s - 16.0), 8.0])


def make_antmaze_umaze_v0(path):
    rng = np.random.default_rng(20240303)
    rows, limit = 2000, 700
    dt = 0.05
    joints0 = np.array([0.0, 1.0, 0.0, -1.0, 0.0, -1.0, 0.0, 1.0])
    speeds = [0.048, 0.040, 0.030]  # the last segment never reaches the goal
    obs_l, act_l, rew_l, goal_l, term_l = [], [], [], [], []
    start = 0
    for seg, speed in enumerate(speeds):
        L = min(limit, rows - start)
        goal = np.array([0.0, 8.0]) + rng.uniform(-0.25, 0.25, 2)
        s = 0.0
        lat = np.zeros(2)
        lat_v = np.zeros(2)
        z = 0.55
        quat = np.array([1.0, 0.0, 0.0, 0.0])
        joints = joints0 + rng.uniform(-0.1, 0.1, 8)
        xy_prev = umaze_point(0.0)
        other_v = np.zeros(12)
        obs = np.empty((L, 29))
        rew = np.empty(L)
        first_hit = None
        for t in range(L):
            s += speed * (1.0 + 0.5 * rng.standard_normal())
            s = min(max(s, 0.0), 24.0)
            lat_v = 0.9 * lat_v + 0.1 * 0.05 * rng.standard_normal(2)
            lat = np.clip(lat + lat_v, -0.3, 0.3)
            xy = umaze_point(s) + lat
            z = 0.55 + 0.9 * (z - 0.55) + 0.01 * rng.standard_normal()
            quat = quat + 0.02 * rng.standard_normal(4)
            quat /= np.linalg.norm(quat)
            joints = joints + 0.03 * rng.standard_normal(8)
            joints = joints0 + np.clip(joints - joints0, -0.5, 0.5)
            other_v = 0.8 * other_v + 0.2 * rng.standard_normal(12)
            xy_v = (xy - xy_prev) / dt
            xy_prev = xy
            qpos = np.concatenate([xy, [z], quat, joints])
            qvel = np.concatenate([xy_v, other_v])
            obs[t] = np.concatenate([qpos, qvel])
            hit = float(np.linalg.norm(xy - goal) <= 0.5)
            rew[t] = hit
            if hit and first_hit is None:
                first_hit = t
        term = np.zeros(L, bool)
        if first_hit is not None:
            # antmaze quirk: terminals set where the goal is reached, but the
            # trajectory goes on (rewards/terminals inconsistent with resets)
            term[first_hit] = True
            if seg == 0:
                later = np.flatnonzero(rew[first_hit + 20:]) + first_hit + 20
                term[int(later[len(later) // 2])] = True
        obs_l.append(obs)
        act_l.append(smooth_actions(rng, L, 8))
        rew_l.append(rew)
        goal_l.append(np.tile(goal, (L, 1)))
        term_l.append(term)
        start += L
    obs = np.concatenate(obs_l)
    rew = np.concatenate(rew_l)
    term = np.concatenate(term_l)
    tout = np.zeros(rows, bool)
    tout[limit - 1::limit] = True
    assert obs.shape == (rows, 29) and 0 < rew.sum() < rows and 2 <= term.sum() <= 5
    f32 = np.float32
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        write_array(f, "observations", obs.astype(f32))
        write_array(f, "actions", np.concatenate(act_l).astype(f32))
        write_array(f, "rewards", rew.astype(f32))
        write_array(f, "terminals", term)
        write_array(f, "timeouts", tout)
        write_array(f, "infos/goal", np.concatenate(goal_l).astype(f32))
        write_array(f, "infos/qpos", obs[:, :15].astype(f32))
        write_array(f, "infos/qvel", obs[:, 15:].astype(f32))


def make_hopper_v0(path):
    """Old v0 layout: no timeouts, no next_observations, float terminals."""
    rng = np.random.default_rng(20240404)
    rows, limit = 1200, 150
    episodes = []
    total = 0
    n_term = 0
    while total <= rows:
        early = rng.random() < 0.35 or (len(episodes) in (1, 4) and n_term < 2)
        L = int(rng.integers(30, 140)) if early else limit
        n_term += early
        speed = float(rng.uniform(0.3, 3.0))
        states, _, actions, rewards = locomotion_episode(
            rng, L, n_pos=5, n_vel=6, act_dim=3, speed=speed, z0=1.25, dt=HOPPER_DT)
        episodes.append({"states": states, "actions": actions, "rewards": rewards,
                         "end": "terminal" if early else "none"})
        total += L
    d = assemble(episodes, rows)
    assert d["terminals"].sum() >= 2
    f32 = np.float32
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        write_array(f, "observations", d["observations"].astype(f32))
        write_array(f, "actions", d["actions"].astype(f32))
        write_array(f, "rewards", d["rewards"].astype(f32))
        write_array(f, "terminals", d["terminals"].astype(f32))


def make_walker_n1(path):
    """Walker2d-sized file with rewards and terminals stored as (N, 1)."""
    rng = np.random.default_rng(20240505)
    rows = 1500
    episodes = []
    total = 0
    while total <= rows:
        L = int(rng.integers(100, 400))
        speed = float(rng.uniform(0.5, 3.5))
        states, _, actions, rewards = locomotion_episode(
            rng, L, n_pos=8, n_vel=9, act_dim=6, speed=speed, z0=1.25, dt=WALKER_DT)
        end = ["terminal", "timeout"][len(episodes) % 2]
        episodes.append({"states": states, "actions": actions, "rewards": rewards, "end": end})
        total += L
    # Edge case: end the file one row after a timeout, so that row N-2 is a
    # timeout (dropped by qlearning_dataset) and the trailing run has 1 row.
    ends = np.cumsum([len(e["rewards"]) for e in episodes])
    last_timeout = max(k for k, e in enumerate(episodes[:-1]) if e["end"] == "timeout")
    rows = int(ends[last_timeout]) + 1
    d = assemble(episodes[:last_timeout + 2], rows)
    assert d["timeouts"][rows - 2] and not d["timeouts"][rows - 1]
    f32 = np.float32
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        write_array(f, "observations", d["observations"].astype(f32))
        write_array(f, "actions", d["actions"].astype(f32))
        write_array(f, "rewards", d["rewards"].astype(f32).reshape(-1, 1))
        write_array(f, "terminals", d["terminals"].reshape(-1, 1))
        write_array(f, "timeouts", d["timeouts"])
        write_array(f, "next_observations", d["next_observations"].astype(f32))


def make_hopper_prescaled(path):
    """A hopper file whose rewards were already scaled the IQL way (trajectory returns span 1000)."""
    rng = np.random.default_rng(20240808)
    rows = 600
    eps = hopper_episodes(rng, rows, 60, 200, (0.3, 3.2), lambda r, i: ["terminal", "timeout"][i % 2])
    d = assemble(eps, rows)
    f32 = np.float32
    observations = d["observations"].astype(f32)
    rewards = d["rewards"].astype(f32)
    span = trajectory_return_span(observations.tolist(), rewards, d["terminals"], d["timeouts"], 1000)
    rewards = (rewards * f32(1000.0 / span)).astype(f32)
    assert abs(trajectory_return_span(observations.tolist(), rewards, d["terminals"], d["timeouts"], 1000) - 1000) < 0.5
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        write_array(f, "observations", observations)
        write_array(f, "actions", d["actions"].astype(f32))
        write_array(f, "rewards", rewards)
        write_array(f, "terminals", d["terminals"])
        write_array(f, "timeouts", d["timeouts"])
        write_array(f, "next_observations", d["next_observations"].astype(f32))


# --- point mass with wind --------------------------------------------------

PM_WIND = np.array([0.06, 0.0], dtype=np.float32)
PM_STEPS = 50


def pm_step(p, a):
    """One step of the point-mass task, float32 throughout."""
    a = np.clip(a.astype(np.float32), np.float32(-1), np.float32(1))
    p2 = np.clip(p + np.float32(0.1) * a + PM_WIND, np.float32(-2), np.float32(2))
    r = -np.sqrt(np.sum(p2 * p2, axis=-1, dtype=np.float32))
    return a, p2.astype(np.float32), r.astype(np.float32)


def pm_rollout(rng, kinds, noise_std):
    """Roll out len(kinds) episodes; kind 1 = good controller, 0 = random.

    Returns obs, actions, rewards, next_obs of shape (E, 50, ·)."""
    E = len(kinds)
    p = rng.uniform(-2.0, 2.0, (E, 2)).astype(np.float32)
    good = np.asarray(kinds, bool)[:, None]
    obs = np.empty((E, PM_STEPS, 2), np.float32)
    act = np.empty((E, PM_STEPS, 2), np.float32)
    rew = np.empty((E, PM_STEPS), np.float32)
    nxt = np.empty((E, PM_STEPS, 2), np.float32)
    for t in range(PM_STEPS):
        a_good = np.float32(10.0) * (-p - PM_WIND)
        if noise_std > 0:
            a_good = a_good + (noise_std * rng.standard_normal((E, 2))).astype(np.float32)
        a_rand = rng.uniform(-1.0, 1.0, (E, 2)).astype(np.float32)
        a, p2, r = pm_step(p, np.where(good, a_good, a_rand))
        obs[:, t] = p
        act[:, t] = a
        rew[:, t] = r
        nxt[:, t] = p2
        p = p2
    return obs, act, rew, nxt


def pm_mean_return(seed, good):
    rng = np.random.default_rng(seed)
    _, _, rew, _ = pm_rollout(rng, [good] * 200, noise_std=0.0)
    returns = [sum(float(x) for x in ep) for ep in rew]
    return sum(returns) / len(returns)


def make_pointmass(path):
    rng = np.random.default_rng(20240606)
    kinds = rng.permutation(np.array([1] * 150 + [0] * 150))
    obs, act, rew, nxt = pm_rollout(rng, kinds, noise_std=0.1)
    E = len(kinds)
    tout = np.zeros((E, PM_STEPS), bool)
    tout[:, -1] = True
    ref_min = pm_mean_return(1001, good=0)
    ref_max = pm_mean_return(1002, good=1)
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py"
        f.attrs["env"] = "pointmass-wind-v0"
        f.attrs["max_episode_steps"] = np.int32(PM_STEPS)
        f.attrs["ref_min_score"] = np.float64(ref_min)
        f.attrs["ref_max_score"] = np.float64(ref_max)
        write_array(f, "observations", obs.reshape(-1, 2))
        write_array(f, "actions", act.reshape(-1, 2))
        write_array(f, "rewards", rew.reshape(-1))
        write_array(f, "terminals", np.zeros(E * PM_STEPS, bool))
        write_array(f, "timeouts", tout.reshape(-1))
        write_array(f, "next_observations", nxt.reshape(-1, 2))
    return ref_min, ref_max


# --- malformed files ---------------------------------------------------------

def small_hopper(seed=20240707, rows=50):
    rng = np.random.default_rng(seed)
    eps = hopper_episodes(rng, rows, 20, 35, (0.5, 2.5),
                          lambda r, i: ["terminal", "timeout"][i % 2])
    d = assemble(eps, rows)
    f32 = np.float32
    return {
        "observations": d["observations"].astype(f32),
        "actions": d["actions"].astype(f32),
        "rewards": d["rewards"].astype(f32),
        "terminals": d["terminals"],
        "timeouts": d["timeouts"],
        "next_observations": d["next_observations"].astype(f32),
    }


def write_layout(target, arrays):
    with new_file(target) as f:
        f.attrs["source"] = "make_fixtures.py"
        for k, v in arrays.items():
            write_array(f, k, v)


def make_malformed(out_dir):
    base = small_hopper()
    N = len(base["rewards"])
    expected = {}

    def variant(name, expect, **changes):
        arrays = dict(base)
        for k, v in changes.items():
            if v is None:
                del arrays[k]
            else:
                arrays[k] = v
        write_layout(out_dir / name, arrays)
        expected[name] = expect

    variant("missing-actions.hdf5", {"kind": "missing_key", "key": "actions"}, actions=None)
    variant("mismatched-rewards.hdf5", {"kind": "length_mismatch", "key": "rewards"},
            rewards=base["rewards"][:N - 1].copy())
    o = base["observations"].copy()
    o[7, 2] = np.nan
    variant("nan-observations.hdf5", {"kind": "non_finite", "key": "observations", "row": 7,
                                      "count": int(np.sum(~np.isfinite(o)))},
            observations=o)
    a = base["actions"].copy()
    a[12, 0] = np.inf
    variant("inf-actions.hdf5", {"kind": "non_finite", "key": "actions", "row": 12,
                                 "count": int(np.sum(~np.isfinite(a)))}, actions=a)
    variant("wrong-rank.hdf5", {"kind": "wrong_rank", "key": "observations"},
            observations=base["observations"][:, 0].copy())
    variant("next-observations-width.hdf5", {"kind": "dimension_mismatch", "key": "next_observations"},
            next_observations=base["next_observations"][:, :10].copy())
    variant("no-columns.hdf5", {"kind": "no_columns", "key": "observations"},
            observations=base["observations"][:, :0].copy(), next_observations=base["next_observations"][:, :0].copy())
    # Every row but the last a timeout: qlearning_dataset keeps none of them.
    few = {k: v[:5].copy() for k, v in base.items()}
    few["terminals"][:] = False
    few["timeouts"][:] = True
    write_layout(out_dir / "no-transitions.hdf5", few)
    expected["no-transitions.hdf5"] = {"kind": "no_transitions"}

    buf = io.BytesIO()
    write_layout(buf, base)
    data = buf.getvalue()
    (out_dir / "truncated.hdf5").write_bytes(data[: len(data) // 2])
    expected["truncated.hdf5"] = {"kind": "unreadable"}

    (out_dir / "not-hdf5.hdf5").write_text(
        "This is a plain text file with an .hdf5 extension; it is not HDF5.\n")
    expected["not-hdf5.hdf5"] = {"kind": "unreadable"}

    # sanity: truncated must really be unreadable by h5py
    try:
        with h5py.File(out_dir / "truncated.hdf5", "r") as f:
            f["observations"][()]
        raise AssertionError("truncated.hdf5 is still readable")
    except OSError:
        pass
    return dict(sorted(expected.items()))


# ---------------------------------------------------------------------------
# Independent expected facts (plain loops over the written files, SPEC §2)
# ---------------------------------------------------------------------------

def _f32(x):
    return float(np.float32(x))


def _vec(row):
    return [_f32(v) for v in row]


def _norm32(a, b):
    """‖a − b‖₂ evaluated in float32."""
    acc = np.float32(0.0)
    for x, y in zip(a, b):
        d = np.float32(x) - np.float32(y)
        acc = np.float32(acc + d * d)
    return float(np.sqrt(acc))


def qlearning_kept_rows(terminals, timeouts, n, max_steps, terminate_on_end):
    """Raw row indices kept by D4RL's qlearning_dataset loop."""
    kept = []
    episode_step = 0
    for i in range(n - 1):
        if timeouts is not None:
            final = bool(timeouts[i])
        else:
            final = episode_step == max_steps - 1
        if final and not terminate_on_end:
            episode_step = 0
            continue
        kept.append(i)
        if terminals[i] or final:
            episode_step = 0
        episode_step += 1
    return kept


def trajectory_ends(obs, kept, terminals, j):
    """IQL's dones_float of kept transition j: the last one, a terminal, or s′ ≠ the next kept s."""
    i = kept[j]
    return j == len(kept) - 1 or bool(terminals[i]) or _norm32(obs[kept[j + 1]], obs[i + 1]) > 1e-6


def trajectory_return_span(obs, rewards, terminals, timeouts, max_steps):
    """max − min of IQL's trajectory returns (float32 running sums in order), in float32."""
    kept = qlearning_kept_rows(terminals, timeouts, len(obs), max_steps, False)
    returns, total = [], np.float32(0)
    for j, i in enumerate(kept):
        total = np.float32(total + np.float32(rewards[i]))
        if trajectory_ends(obs, kept, terminals, j):
            returns.append(total)
            total = np.float32(0)
    return float(np.float32(max(returns) - min(returns)))


def mismatch_rows(obs, nobs):
    """Rows i < N−1 whose finite stored next observation is not row i+1's (‖·‖₂ > 1e-6 in float32)."""
    return [i for i in range(len(obs) - 1)
            if all(math.isfinite(v) for v in nobs[i] + obs[i + 1]) and _norm32(nobs[i], obs[i + 1]) > 1e-6]


def first_and_count(rows):
    return {"count": len(rows), "first_row": rows[0]} if rows else None


def warning_facts(name, obs, rewards, terminals, timeouts, mismatches, max_steps):
    """The suspicious-data findings d4rl-inspect must warn about (README "A tour of d4rl-inspect")."""
    n = len(obs)
    domain = name.lower().replace("_", "-").split("-")[0]
    facts = {"missing_timeouts": timeouts is None, "terminal_and_timeout": None,
             "timeout_without_reset": None, "reset_without_end": None}
    if timeouts is not None:
        facts["terminal_and_timeout"] = first_and_count([i for i in range(n) if terminals[i] and timeouts[i]])
        if mismatches is not None:
            resets = set(mismatches)
            facts["timeout_without_reset"] = first_and_count([i for i in range(n - 1) if timeouts[i] and i not in resets])
            facts["reset_without_end"] = first_and_count([i for i in mismatches if not terminals[i] and not timeouts[i]])
    if domain in ("halfcheetah", "hopper", "walker2d", "ant"):
        normalized = abs(trajectory_return_span(obs, rewards, terminals, timeouts, max_steps) - 1000) < 0.5
    elif domain == "antmaze":
        normalized = all(r in (0.0, -1.0) for r in rewards) and -1.0 in rewards
    else:
        normalized = False
    facts["rewards_look_normalized"] = normalized
    return facts


def column_stats(values):
    """Per column min / max / mean / population std over the finite values, in float64."""
    out = []
    for column in np.asarray(values, dtype=np.float32).T:
        finite = column[np.isfinite(column)].astype(np.float64)
        out.append({"min": float(finite.min()), "max": float(finite.max()),
                    "mean": float(finite.mean()), "std": float(finite.std())})
    return out


def dataset_entries(f):
    """Every dataset of an open h5py file, sorted by path: dtype (strings as "string"),
    shape, chunks (null if contiguous), compression and its level (null if uncompressed)."""
    entries = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            entries.append({
                "path": "/" + name,
                "dtype": "string" if h5py.check_string_dtype(obj.dtype) else str(obj.dtype),
                "shape": list(obj.shape),
                "chunks": list(obj.chunks) if obj.chunks else None,
                "compression": obj.compression,
                "compression_opts": obj.compression_opts,
            })
    f.visititems(visit)
    return sorted(entries, key=lambda e: e["path"])


def raw_episodes(terminals, timeouts, n, max_steps):
    """(start, end) pairs; split after terminal/timeout (or the step limit)."""
    episodes = []
    start = 0
    step = 0
    for i in range(n):
        if timeouts is not None:
            end = terminals[i] or timeouts[i]
        else:
            end = terminals[i] or step == max_steps - 1
        if end:
            episodes.append((start, i + 1))
            start = i + 1
            step = 0
        else:
            step += 1
    if start < n:
        episodes.append((start, n))
    return episodes


def compute_expected(path, max_steps):
    with h5py.File(path, "r") as f:
        obs_raw = f["observations"][()]
        n = obs_raw.shape[0]
        obs = obs_raw.astype(np.float32).tolist()
        act = f["actions"][()].astype(np.float32).reshape(n, -1).tolist()
        rew_raw = [float(x) for x in f["rewards"][()].reshape(-1)]
        terminals = [bool(x) for x in f["terminals"][()].reshape(-1)]
        timeouts = ([bool(x) for x in f["timeouts"][()].reshape(-1)]
                    if "timeouts" in f else None)
        nobs = (f["next_observations"][()].astype(np.float32).tolist()
                if "next_observations" in f else None)
        datasets = dataset_entries(f)
    obs_dim = len(obs[0])
    act_dim = len(act[0])
    mismatches = mismatch_rows(obs, nobs) if nobs is not None else None
    arrays = {"observations": obs, "actions": act, "rewards": rew_raw, "next_observations": nobs}
    non_finite = {key: int(np.sum(~np.isfinite(np.asarray(values, dtype=np.float32))))
                  for key, values in arrays.items() if values is not None}

    eps = raw_episodes(terminals, timeouts, n, max_steps)
    lengths = [e - s for s, e in eps]
    returns = []
    for s, e in eps:
        total = 0.0
        for i in range(s, e):
            total += rew_raw[i]
        returns.append(total)

    kept = qlearning_kept_rows(terminals, timeouts, n, max_steps, False)
    kept_all = qlearning_kept_rows(terminals, timeouts, n, max_steps, True)
    ends = sum(trajectory_ends(obs, kept, terminals, j) for j in range(len(kept)))

    def transition(i):
        return {
            "row": i,
            "observation": _vec(obs[i]),
            "action": _vec(act[i]),
            "reward": _f32(rew_raw[i]),
            "terminal": int(terminals[i]),
            "next_observation": _vec(obs[i + 1]),
        }

    return {
        "name": Path(path).stem,
        "dtype": str(obs_raw.dtype),
        "rows": n,
        "observation_dim": obs_dim,
        "action_dim": act_dim,
        "max_episode_steps": max_steps,
        "episodes": {
            "terminals": sum(terminals),
            "timeouts": sum(timeouts) if timeouts is not None else None,
            "next_observation_mismatches": len(mismatches) if mismatches is not None else None,
        },
        "episode_count": len(eps),
        "episode_lengths": {"min": min(lengths), "mean": sum(lengths) / len(lengths),
                            "max": max(lengths)},
        "returns": {"min": min(returns), "mean": sum(returns) / len(returns),
                    "max": max(returns)},
        "qlearning": {
            "transitions": len(kept),
            "terminals": sum(int(terminals[i]) for i in kept),
            "first": transition(kept[0]),
            "last": transition(kept[-1]),
            "terminate_on_end_transitions": len(kept_all),
            "episode_ends": ends,
        },
        "stored_next": ({"first_next_observation": _vec(nobs[kept[0]]),
                         "last_next_observation": _vec(nobs[kept[-1]])}
                        if nobs is not None else None),
        "datasets": datasets,
        "observation_stats": column_stats(obs),
        "action_stats": column_stats(act),
        "non_finite": {key: count for key, count in non_finite.items() if count > 0},
        "warnings": warning_facts(Path(path).stem, obs, rew_raw, terminals, timeouts, mismatches, max_steps),
    }


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

D4RL_FILES = [
    ("hopper-medium-v2-mini.hdf5", make_hopper_v2, 1000),
    ("hopper-medium-replay-v2-mini.hdf5", make_hopper_medium_replay_v2, 1000),
    ("antmaze-umaze-v0-mini.hdf5", make_antmaze_umaze_v0, 1000),
    ("hopper-medium-v0-mini.hdf5", make_hopper_v0, 150),
    ("walker2d-medium-v2-n1.hdf5", make_walker_n1, 1000),
    ("hopper-medium-v2-prescaled.hdf5", make_hopper_prescaled, 1000),
    ("pointmass-wind-v0.hdf5", make_pointmass, 1000),
]


def write_json(path, obj):
    path.write_text(json.dumps(obj, indent=2) + "\n")


def generate(out):
    d4rl_dir = out / "d4rl"
    bad_dir = out / "malformed"
    d4rl_dir.mkdir(parents=True, exist_ok=True)
    bad_dir.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, maker, max_steps in D4RL_FILES:
        path = d4rl_dir / name
        maker(path)
        expected[name] = compute_expected(path, max_steps)
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    write_json(d4rl_dir / "expected.json", expected)
    write_json(bad_dir / "expected.json", make_malformed(bad_dir))
    print(f"wrote {d4rl_dir / 'expected.json'} and {bad_dir}/*")


def write_bench(path, rows, seed=12345):
    """Hopper-sized benchmark file, vectorised."""
    rng = np.random.default_rng(seed)
    obs_dim, act_dim, limit = 11, 3, 1000
    timeouts = np.zeros(rows, bool)
    timeouts[limit - 1::limit] = True
    terminals = (rng.random(rows) < 5e-4) & ~timeouts
    ends = terminals | timeouts
    # episode start flags and the walk: obs = base + cumsum(inc) − cumsum at start
    starts = np.zeros(rows, bool)
    starts[0] = True
    starts[1:] = ends[:-1]
    inc = 0.01 * rng.standard_normal((rows, obs_dim))
    inc[starts] = 0.0
    walk = np.cumsum(inc, axis=0)
    start_idx = np.maximum.accumulate(np.where(starts, np.arange(rows), 0))
    base = np.zeros(obs_dim)
    base[0] = 1.25
    reset_noise = rng.uniform(-0.005, 0.005, (rows, obs_dim))
    obs = (base + reset_noise[start_idx] + walk - walk[start_idx]).astype(np.float32)
    nxt = np.empty_like(obs)
    nxt[:-1] = obs[1:]
    extra = (0.01 * rng.standard_normal((rows, obs_dim))).astype(np.float32)
    nxt[ends] = obs[ends] + extra[ends]
    nxt[-1] = obs[-1] + extra[-1]
    actions = np.clip(0.6 * rng.standard_normal((rows, act_dim)), -1, 1).astype(np.float32)
    speed = rng.uniform(0.3, 3.0, rows)[start_idx]
    rewards = (speed + 1.0 + 0.1 * rng.standard_normal(rows)).astype(np.float32)
    with new_file(path) as f:
        f.attrs["source"] = "make_fixtures.py bench"
        write_array(f, "observations", obs)
        write_array(f, "actions", actions)
        write_array(f, "rewards", rewards)
        write_array(f, "terminals", terminals)
        write_array(f, "timeouts", timeouts)
        write_array(f, "next_observations", nxt)
        write_scalar(f, "metadata/algorithm", np.bytes_(b"SAC"))
        write_scalar(f, "metadata/iteration", np.int32(1000000))


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bench":
        p = argparse.ArgumentParser(prog="make_fixtures.py bench",
                                    description="Write a hopper-sized benchmark file.")
        p.add_argument("out", type=Path)
        p.add_argument("--rows", type=int, default=1_000_000)
        a = p.parse_args(argv[1:])
        write_bench(a.out, a.rows)
        print(f"wrote {a.out} ({a.rows} rows, {a.out.stat().st_size} bytes)")
        return 0
    p = argparse.ArgumentParser(description="Regenerate the D4RL test fixtures.")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = p.parse_args(argv)
    generate(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
