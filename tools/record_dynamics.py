#!/usr/bin/env python3
"""Record gymnasium's MuJoCo locomotion dynamics (v4 and v5) as small D4RL-layout fixtures.

    python3 -m pip install -r tools/requirements-dynamics.txt
    python3 tools/record_dynamics.py [--out Fixtures/dynamics] [--rows 400] [--versions v4,v5]

For each of Hopper, Walker2d, HalfCheetah and Ant, in gymnasium's v4 and v5 (pip's `mujoco`,
versions pinned in requirements-dynamics.txt), this writes `<robot>-<version>-dynamics.hdf5` with
the D4RL keys `observations`, `actions`, `rewards`, `terminals`, `timeouts`, `next_observations`
and `infos/qpos`, `infos/qvel` (the state the row's observation was taken in), plus
`metadata/*` naming the versions and the termination conditions. The Swift dynamics check
(`d4rl-inspect verify-dynamics`) sets each recorded state, applies the action, steps our own
MJCF models and compares next observation, reward and termination.

A file holds two kinds of rows:
- rollout rows (the first `--rows`): random actions from a fixed seed, episodes started by
  gymnasium's `reset` and cut after `--episode-steps` steps (a timeout), so every file holds
  several episode starts, also for HalfCheetah, which never terminates. The v4 rollout rows are
  the same as those of the earlier v4-only fixtures;
- crafted rows (after them; Hopper, Walker2d and Ant): one-step episodes whose starting state
  is chosen so that the value a termination condition compares ends the step very close to
  its threshold, on either side. For each `Scenario` (a base state near one boundary, e.g.
  Hopper folded up in the air just above z = 0.7, or Hopper in flight at 100 m/s), each margin
  m in `MARGINS` and each side, the base state gets U(±0.005) noise on every coordinate and a
  random action, and then one "knob" coordinate (e.g. the starting z) is solved for by
  bisection so that the post-step value lies m from the threshold (to within m/4) on that
  side. The row is kept only when that condition alone decides it: on the healthy side every
  condition holds, on the other only this one fails. Ant also gets a few rows lying upside
  down at rest (`ANT_EXTRA`), whose torso carries it, so that Ant-v5's observation holds
  torso contact forces. The state is set as a reset sets it (`mj_resetData`, then `set_state`,
  which runs `mj_forward`), so each row replays on its own from its recorded state; a crafted
  row that does not terminate is marked as a timeout (its one-step episode is cut there), so
  no row ever continues a crafted one.
So moving any threshold by more than 2e-6 flips at least one recorded terminal flag, and the
v5 rows that terminate show that they pay no healthy reward. Two conditions cannot be reached
and are not crafted: Hopper's z < +inf, and Ant's "every qpos and qvel value finite" (mj_step
resets the data when a position, velocity or acceleration is NaN, infinite or beyond 1e10, so
a step never ends in a non-finite state).

Extra keys, beyond D4RL's:
- `infos/next_qpos`, `infos/next_qvel`: the state after the step (the observation clips
  Hopper's and Walker2d's velocities to ±10, so Hopper's |state| < 100 bound is only visible
  here);
- `infos/termination_reason` (int8): bit i set when condition i of
  `metadata/termination_conditions` fails after the step; 0 exactly for non-terminal rows;
- `infos/crafted` (bool): the row's starting state was crafted as above.

Layout choices, so the fixtures test the simulator rather than float32 rounding:
- observations, rewards and states are float64 (D4RL stores float32); actions float32, as
  gymnasium samples them;
- actions are drawn from U(-1.2, 1.2), beyond the ±1 control range, so MuJoCo's clamping of
  `ctrl` and the reward's cost of the unclipped action are exercised too;
- Ant-v4's observation gets D4RL's 84 zero contact-force values appended (111 values);
  gymnasium's default Ant-v4 observation leaves them out. Ant-v5's is gymnasium's own 105
  values, whose last 78 are clip(cfrc_ext[1:14], -1, 1).

Before recording, the script compiles our models (Sources/Environments/Models/*.xml) with the
same `mujoco` and prints the largest difference from gymnasium's compiled model over every
numeric model array, and every array that differs by more than 1e-9 (Walker2d-v5's right foot
friction 1.9, where our model has v4's 0.9), a check that the MJCF files carry the published
parameters. For each file it prints the rows, terminal rows per condition, timeouts and, for
each threshold, the closest post-step value on either side.
Output is deterministic (fixed seeds, `track_times=False`).
"""

import argparse
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import gymnasium
import h5py
import mujoco
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "Sources" / "Environments" / "Models"

# Distances from a threshold that crafted rows end their step at, on each side.
MARGINS = (1e-3, 1e-6)

# Model arrays that do not affect the dynamics (names, rendering, user data).
COSMETIC_PREFIXES = ("name", "tex", "mat", "light", "cam", "vis", "site", "skin", "text",
                     "geom_rgba", "geom_matid", "geom_dataid", "geom_user", "numeric", "paths",
                     "signature")


@dataclass(frozen=True)
class Condition:
    """One inequality of gymnasium's `is_healthy`, on the state after a step.

    `value(qpos, qvel)` is the compared quantity; the condition fails when it is beyond
    `threshold` on the `unhealthy_side` ("above" or "below"), the threshold itself included
    when `inclusive` (gymnasium's healthy inequality is then strict).
    """
    name: str
    text: str
    value: object
    threshold: float
    unhealthy_side: str
    inclusive: bool

    def fails(self, value):
        if math.isnan(value):
            return True  # every comparison with NaN is False in gymnasium: not healthy
        if self.unhealthy_side == "above":
            return value >= self.threshold if self.inclusive else value > self.threshold
        return value <= self.threshold if self.inclusive else value < self.threshold

    def beyond(self, margin):
        """The value `margin` into the unhealthy side (negative: into the healthy side)."""
        return self.threshold + (margin if self.unhealthy_side == "above" else -margin)


def hopper_state(qpos, qvel):
    """gymnasium's `state_vector()[2:]`: qpos[2:] ++ qvel, unclipped."""
    return np.concatenate([qpos, qvel])[2:]


HOPPER_CONDITIONS = [
    Condition("state_low", "-100 < s for s in qpos[2:] ++ qvel",
              lambda q, v: float(np.min(hopper_state(q, v))), -100.0, "below", True),
    Condition("state_high", "s < 100 for s in qpos[2:] ++ qvel",
              lambda q, v: float(np.max(hopper_state(q, v))), 100.0, "above", True),
    Condition("z_low", "0.7 < z = qpos[1]", lambda q, v: float(q[1]), 0.7, "below", True),
    Condition("angle_low", "-0.2 < angle = qpos[2]", lambda q, v: float(q[2]), -0.2, "below", True),
    Condition("angle_high", "angle = qpos[2] < 0.2", lambda q, v: float(q[2]), 0.2, "above", True),
]
WALKER2D_CONDITIONS = [
    Condition("z_low", "0.8 < z = qpos[1]", lambda q, v: float(q[1]), 0.8, "below", True),
    Condition("z_high", "z = qpos[1] < 2.0", lambda q, v: float(q[1]), 2.0, "above", True),
    Condition("angle_low", "-1.0 < angle = qpos[2]", lambda q, v: float(q[2]), -1.0, "below", True),
    Condition("angle_high", "angle = qpos[2] < 1.0", lambda q, v: float(q[2]), 1.0, "above", True),
]
ANT_CONDITIONS = [
    Condition("nonfinite", "every qpos and qvel value finite",
              lambda q, v: float(np.sum(~np.isfinite(np.concatenate([q, v])))), 0.0, "above", False),
    Condition("z_low", "0.2 <= z = qpos[2]", lambda q, v: float(q[2]), 0.2, "below", False),
    Condition("z_high", "z = qpos[2] <= 1.0", lambda q, v: float(q[2]), 1.0, "above", False),
]


@dataclass(frozen=True)
class Scenario:
    """A crafted start: `base(nq, nv)` gives (qpos, qvel) near the boundary of `condition`;
    coordinate `knob` of qpos ++ qvel is then solved for, starting from the bracket `grid`."""
    condition: str
    base: object
    knob: int
    grid: tuple


def state(qpos, velocities=None):
    """A base-state maker: qpos as given, qvel zero except `velocities` (index → value)."""
    def make(nq, nv):
        v = np.zeros(nv)
        for index, value in (velocities or {}).items():
            v[index] = value
        return np.array(qpos, dtype=np.float64), v
    return make


FOLD_HOPPER = list(np.radians([-100.0, -130.0, 0.0]))   # thigh, leg, foot: the leg tucked up
FOLD_WALKER = FOLD_HOPPER * 2

# Hopper qpos: rootx, rootz, rooty (angle), thigh, leg, foot; qvel the same, nv = 6.
HOPPER_SCENARIOS = [
    Scenario("z_low", state([0, 0.7, 0] + FOLD_HOPPER), 1, (0.6, 0.8)),
    Scenario("angle_low", state([0, 1.5, -0.2, 0, 0, 0]), 2, (-0.3, -0.1)),
    Scenario("angle_high", state([0, 1.5, 0.2, 0, 0, 0]), 2, (0.1, 0.3)),
    Scenario("state_high", state([0, 1.5, 0, 0, 0, 0], {0: 100.0}), 6 + 0, (98.0, 102.0)),
    Scenario("state_high", state([0, 1.0, 0, 0, 0, 0], {1: 100.0}), 6 + 1, (98.0, 102.0)),
    Scenario("state_low", state([0, 1.5, 0, 0, 0, 0], {0: -100.0}), 6 + 0, (-102.0, -98.0)),
    Scenario("state_low", state([0, 2.5, 0, 0, 0, 0], {1: -100.0}), 6 + 1, (-102.0, -98.0)),
]
# Walker2d qpos: rootx, rootz, rooty (angle), then thigh, leg, foot of the right and left legs.
WALKER2D_SCENARIOS = [
    Scenario("z_low", state([0, 0.8, 0] + FOLD_WALKER), 1, (0.7, 0.9)),
    Scenario("z_high", state([0, 2.0, 0] + [0] * 6), 1, (1.9, 2.1)),
    Scenario("angle_low", state([0, 1.5, -1.0] + [0] * 6), 2, (-1.1, -0.9)),
    Scenario("angle_high", state([0, 1.5, 1.0] + [0] * 6), 2, (0.9, 1.1)),
]
# Ant qpos: x, y, z, orientation quaternion (w, x, y, z), hip and ankle of four legs.
# ANT_INITIAL is gymnasium's init_qpos (hinges at 0, outside the ankles' 30°-70° ranges).
ANT_INITIAL = [0, 0, 0.75, 1, 0, 0, 0] + [0] * 8
ANT_STANDING = [0, 0, 1.0, 1, 0, 0, 0, 0, 1, 0, -1, 0, -1, 0, 1]
# Upside down (turned half a turn about x), legs in the air, the torso on the floor.
ANT_UPSIDE_DOWN = [0, 0, 0.25, 0, 1, 0, 0, 0, 1, 0, -1, 0, -1, 0, 1]
ANT_SCENARIOS = [
    Scenario("z_high", state(ANT_STANDING), 2, (0.9, 1.1)),
    # Falling at 20 m/s, it hits the floor late in the step and ends it pressed into the floor.
    Scenario("z_low", state(ANT_INITIAL, {2: -20.0}), 2, tuple(np.round(np.arange(0.4, 1.601, 0.02), 2))),
    # Upside down, the torso already in contact and pushed down at 12 m/s.
    Scenario("z_low", state(ANT_UPSIDE_DOWN, {2: -12.0}), 2, (0.14, 0.32)),
]
# Further crafted starts, not near a threshold: (base state, rows); their z gets U(-0.03, 0.02)
# on top of the noise. Upside down and at rest (z 0.22-0.27), the torso itself carries the Ant,
# so Ant-v5's observation holds torso contact forces too.
ANT_EXTRA = [(state(ANT_UPSIDE_DOWN), 8)]


@dataclass(frozen=True)
class Robot:
    stem: str
    model: str
    ids: dict
    padding: dict           # zeros appended to the observation, per version
    conditions: list
    scenarios: list
    extra: list
    # Model parameters a version changes relative to our MJCF file (array name, index, value).
    model_changes: dict


ROBOTS = [
    Robot("hopper", "hopper", {"v4": "Hopper-v4", "v5": "Hopper-v5"}, {"v4": 0, "v5": 0},
          HOPPER_CONDITIONS, HOPPER_SCENARIOS, [], {}),
    Robot("walker2d", "walker2d", {"v4": "Walker2d-v4", "v5": "Walker2d-v5"}, {"v4": 0, "v5": 0},
          WALKER2D_CONDITIONS, WALKER2D_SCENARIOS, [],
          {"v5": [("geom_friction", (4, 0), 1.9)]}),  # geom 4: the right foot ("foot")
    Robot("halfcheetah", "half_cheetah", {"v4": "HalfCheetah-v4", "v5": "HalfCheetah-v5"},
          {"v4": 0, "v5": 0}, [], [], [], {}),
    Robot("ant", "ant", {"v4": "Ant-v4", "v5": "Ant-v5"}, {"v4": 84, "v5": 0},
          ANT_CONDITIONS, ANT_SCENARIOS, ANT_EXTRA, {}),
]


def model_arrays(reference, ours):
    """(name, |difference| array) for every numeric array both compiled models hold."""
    for name in dir(reference):
        if name.startswith("_") or name.startswith(COSMETIC_PREFIXES):
            continue
        a, b = getattr(reference, name, None), getattr(ours, name, None)
        if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray) or a.size == 0:
            continue
        if a.shape != b.shape:
            yield name, None
            continue
        yield name, np.abs(a.astype(np.float64) - b.astype(np.float64))


def model_difference(reference, ours):
    """Largest |difference| over the numeric arrays both compiled models hold, and its name."""
    worst = (0.0, "")
    for name, difference in model_arrays(reference, ours):
        if difference is None:
            return float("inf"), f"{name} shape {getattr(reference, name).shape} vs {getattr(ours, name).shape}"
        worst = max(worst, (float(np.max(difference)), name))
    return worst


def model_differences(reference, ours, tolerance=1e-9):
    """Every entry of a numeric model array that differs by more than `tolerance`, as text."""
    found = []
    for name, difference in model_arrays(reference, ours):
        if difference is None:
            found.append(f"{name}: shape {getattr(reference, name).shape} vs {getattr(ours, name).shape}")
            continue
        for index in zip(*np.nonzero(difference > tolerance)):
            index = tuple(int(i) for i in index)
            found.append(f"{name}{list(index)}: gymnasium {getattr(reference, name)[index]:.6g}, "
                         f"ours {getattr(ours, name)[index]:.6g}")
    return found


def termination_reason(conditions, qpos, qvel):
    """Bit i set when condition i fails in state (qpos, qvel)."""
    return sum(1 << i for i, condition in enumerate(conditions) if condition.fails(condition.value(qpos, qvel)))


class Recorder:
    """Accumulates rows, checking that gymnasium's flag agrees with our conditions."""

    KEYS = ("observations", "actions", "rewards", "terminals", "timeouts", "next_observations",
            "qpos", "qvel", "next_qpos", "next_qvel", "termination_reason", "crafted")

    def __init__(self, env_id, robot, padding):
        self.env_id, self.robot = env_id, robot
        self.pad = np.zeros(padding)
        self.columns = {key: [] for key in self.KEYS}

    def add(self, observation, action, reward, terminated, truncated, next_observation,
            qpos, qvel, next_qpos, next_qvel, crafted):
        reason = termination_reason(self.robot.conditions, next_qpos, next_qvel)
        if bool(reason) != bool(terminated):
            raise RuntimeError(f"{self.env_id}: gymnasium says terminated={terminated}, "
                               f"the conditions say reason {reason}")
        row = {"observations": np.concatenate([observation, self.pad]), "actions": action,
               "rewards": reward, "terminals": terminated, "timeouts": truncated and not terminated,
               "next_observations": np.concatenate([next_observation, self.pad]), "qpos": qpos,
               "qvel": qvel, "next_qpos": next_qpos, "next_qvel": next_qvel,
               "termination_reason": reason, "crafted": crafted}
        for key, value in row.items():
            self.columns[key].append(value)

    @property
    def count(self):
        return len(self.columns["rewards"])


def record_rollouts(recorder, env_id, rows, episode_steps, seed):
    """Roll random actions; add `rows` steps."""
    env = gymnasium.make(env_id, max_episode_steps=episode_steps)
    data = env.unwrapped.data
    rng = np.random.default_rng(seed)
    observation, _ = env.reset(seed=seed)
    while recorder.count < rows:
        qpos, qvel = data.qpos.copy(), data.qvel.copy()
        action = rng.uniform(-1.2, 1.2, size=env.action_space.shape).astype(np.float32)
        next_observation, reward, terminated, truncated, _ = env.step(action)
        recorder.add(observation, action, reward, terminated, truncated, next_observation,
                     qpos, qvel, data.qpos.copy(), data.qvel.copy(), crafted=False)
        observation = env.reset()[0] if terminated or truncated else next_observation
    env.close()


def step_from(env, qpos, qvel, action):
    """Reset-like start in (qpos, qvel) (`mj_resetData`, `set_state`), then one step:
    (observation, next observation, reward, terminated, next qpos, next qvel)."""
    model, data = env.model, env.data
    mujoco.mj_resetData(model, data)
    env.set_state(qpos, qvel)
    observation = env._get_obs()
    next_observation, reward, terminated, _, _ = env.step(action)
    return observation, next_observation, reward, terminated, data.qpos.copy(), data.qvel.copy()


def solve_knob(env, condition, start, knob, grid, action, target, tolerance):
    """A start state whose `knob` coordinate makes `condition`'s post-step value `target`
    (within `tolerance`): scan `grid` for brackets, bisect each until one converges (contacts
    that begin during the step make the value jump, so some brackets hold a jump, not a
    root); None when none does."""
    nq = env.model.nq

    def value(x):
        s = start.copy()
        s[knob] = x
        _, _, _, _, next_qpos, next_qvel = step_from(env, s[:nq], s[nq:], action)
        return condition.value(next_qpos, next_qvel) - target

    grid = list(grid) if len(grid) > 2 else list(np.linspace(grid[0], grid[1], 21))
    values = [value(x) for x in grid]
    for i in range(len(grid) - 1):
        lo, hi, f_lo, f_hi = grid[i], grid[i + 1], values[i], values[i + 1]
        if f_lo * f_hi > 0:
            continue
        for _ in range(100):
            if min(abs(f_lo), abs(f_hi)) <= tolerance:
                break
            middle = 0.5 * (lo + hi)
            if middle in (lo, hi):
                break
            f_middle = value(middle)
            if (f_middle <= 0) == (f_lo <= 0):
                lo, f_lo = middle, f_middle
            else:
                hi, f_hi = middle, f_middle
        if min(abs(f_lo), abs(f_hi)) <= tolerance:
            s = start.copy()
            s[knob] = lo if abs(f_lo) <= abs(f_hi) else hi
            return s
    return None


def record_crafted(recorder, env_id, robot, seed):
    """One-step episodes from crafted starts near each threshold (module docstring)."""
    env = gymnasium.make(env_id).unwrapped
    nq, nv = env.model.nq, env.model.nv
    rng = np.random.default_rng([seed, 1])
    conditions = {condition.name: (i, condition) for i, condition in enumerate(robot.conditions)}
    skipped = []
    for scenario in robot.scenarios:
        bit, condition = conditions[scenario.condition]
        for margin in MARGINS:
            for side in (-1, 1):  # healthy side, then unhealthy
                qpos, qvel = scenario.base(nq, nv)
                qpos = qpos + rng.uniform(-5e-3, 5e-3, size=nq)
                qvel = qvel + rng.uniform(-5e-3, 5e-3, size=nv)
                if env_id.startswith("Ant"):
                    qpos[3:7] /= np.linalg.norm(qpos[3:7])
                action = rng.uniform(-1.2, 1.2, size=env.action_space.shape).astype(np.float32)
                start = solve_knob(env, condition, np.concatenate([qpos, qvel]), scenario.knob,
                                   scenario.grid, action, condition.beyond(side * margin), margin / 4)
                label = f"{scenario.condition} knob {scenario.knob} margin {margin:g} side {side:+d}"
                if start is None:
                    skipped.append(f"{label}: no bracket")
                    continue
                qpos, qvel = start[:nq], start[nq:]
                observation, next_observation, reward, terminated, next_qpos, next_qvel = \
                    step_from(env, qpos, qvel, action)
                reason = termination_reason(robot.conditions, next_qpos, next_qvel)
                if reason != (1 << bit if side > 0 else 0):
                    skipped.append(f"{label}: other conditions decide it (reason {reason})")
                    continue
                recorder.add(observation, action, reward, terminated, not terminated, next_observation,
                             qpos, qvel, next_qpos, next_qvel, crafted=True)
    for base, rows in robot.extra:
        for _ in range(rows):
            qpos, qvel = base(nq, nv)
            qpos = qpos + rng.uniform(-5e-3, 5e-3, size=nq)
            qpos[2] += rng.uniform(-0.03, 0.02)
            qvel = qvel + rng.uniform(-5e-3, 5e-3, size=nv)
            if env_id.startswith("Ant"):
                qpos[3:7] /= np.linalg.norm(qpos[3:7])
            action = rng.uniform(-1.2, 1.2, size=env.action_space.shape).astype(np.float32)
            observation, next_observation, reward, terminated, next_qpos, next_qvel = \
                step_from(env, qpos, qvel, action)
            recorder.add(observation, action, reward, terminated, not terminated, next_observation,
                         qpos, qvel, next_qpos, next_qvel, crafted=True)
    env.close()
    return skipped


def write(path, columns, env_id, robot):
    """The D4RL layout: top-level arrays, infos/*, metadata/*."""
    dtypes = {"actions": np.float32, "terminals": np.bool_, "timeouts": np.bool_, "crafted": np.bool_,
              "termination_reason": np.int8}
    infos = ("qpos", "qvel", "next_qpos", "next_qvel", "termination_reason", "crafted")
    with h5py.File(path, "w", libver="earliest") as file:
        for key, values in columns.items():
            name = f"infos/{key}" if key in infos else key
            array = np.asarray(values, dtype=dtypes.get(key, np.float64))
            file.create_dataset(name, data=array, compression="gzip", chunks=True, track_times=False)
        conditions = "; ".join(
            f"bit {i} ({1 << i}) {c.name}: healthy while {c.text}" for i, c in enumerate(robot.conditions))
        algorithm = "random U(-1.2, 1.2) rollouts"
        if any(columns["crafted"]):
            algorithm += ", then crafted one-step starts near each termination threshold (infos/crafted)"
        metadata = {"algorithm": algorithm,
                    "environment": env_id, "termination_conditions": conditions or "none (never terminates)",
                    "gymnasium_version": gymnasium.__version__, "mujoco_version": mujoco.__version__}
        for key, value in metadata.items():
            file.create_dataset(f"metadata/{key}", data=np.bytes_(value), track_times=False)


def summary(columns, robot):
    """Lines: terminal rows per condition, timeouts, and the post-step values nearest each threshold."""
    reasons = np.asarray(columns["termination_reason"])
    terminals = np.asarray(columns["terminals"])
    crafted = np.asarray(columns["crafted"])
    lines = [f"  {len(reasons)} rows ({int(crafted.sum())} crafted), {int(terminals.sum())} terminal, "
             f"{int(np.sum(columns['timeouts']))} timeouts"]
    for i, condition in enumerate(robot.conditions):
        values = np.array([condition.value(q, v) for q, v in zip(columns["next_qpos"], columns["next_qvel"])])
        fails = np.array([condition.fails(x) for x in values], dtype=bool)
        alone = int(np.sum(reasons == (1 << i)))
        distance = (values - condition.threshold) * (1 if condition.unhealthy_side == "above" else -1)
        healthy, unhealthy = distance[~fails], distance[fails]
        near_healthy = f"{values[~fails][np.argmax(healthy)]:.9g} ({-np.max(healthy):.2g} inside)" if healthy.size else "-"
        near_unhealthy = f"{values[fails][np.argmin(unhealthy)]:.9g} ({np.min(unhealthy):.2g} beyond)" if unhealthy.size else "-"
        lines.append(f"  {condition.name:10s} {condition.text:36s} fails in {int(fails.sum()):3d} rows "
                     f"({alone:3d} alone); closest healthy {near_healthy}, closest failing {near_unhealthy}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "Fixtures" / "dynamics")
    parser.add_argument("--rows", type=int, default=400, help="rollout rows per file (crafted rows come on top)")
    parser.add_argument("--episode-steps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--versions", default="v4,v5", help="comma-separated: v4, v5 or both")
    parser.add_argument("--robots", default="hopper,walker2d,halfcheetah,ant")
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    versions = [v for v in arguments.versions.split(",") if v]
    robots = [r for r in ROBOTS if r.stem in arguments.robots.split(",")]
    arguments.out.mkdir(parents=True, exist_ok=True)
    print(f"gymnasium {gymnasium.__version__}, mujoco {mujoco.__version__}")
    for robot in robots:
        for version in versions:
            env_id = robot.ids[version]
            reference = gymnasium.make(env_id).unwrapped.model
            ours = mujoco.MjModel.from_xml_path(str(MODELS / f"{robot.model}.xml"))
            difference, field = model_difference(reference, ours)
            changed = model_differences(reference, ours)
            for name, index, value in robot.model_changes.get(version, []):
                getattr(ours, name)[index] = value
            after = model_difference(reference, ours)
            recorder = Recorder(env_id, robot, robot.padding[version])
            record_rollouts(recorder, env_id, arguments.rows, arguments.episode_steps, arguments.seed)
            skipped = record_crafted(recorder, env_id, robot, arguments.seed)
            path = arguments.out / f"{robot.stem}-{version}-dynamics.hdf5"
            write(path, recorder.columns, env_id, robot)
            shown = path.relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
            print(f"{env_id:17s} model max |Δ| {difference:.3g} ({field or '-'}) → {shown}")
            for line in changed:
                print(f"  model differs: {line}")
            if robot.model_changes.get(version):
                print(f"  with {robot.model_changes[version]} applied to ours: max |Δ| {after[0]:.3g} ({after[1]})")
            for line in skipped:
                print(f"  crafted row skipped: {line}")
            for line in summary(recorder.columns, robot):
                print(line)


if __name__ == "__main__":
    main()
