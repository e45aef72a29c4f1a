#!/usr/bin/env python3
"""Write small Minari datasets with the real `minari` package (no download).

    python3 tools/make_minari_fixtures.py [--out Fixtures/minari]

Needs the pinned packages of tools/requirements-minari.txt (minari 0.5.4 with
its `create` and `hdf5` extras, gymnasium 1.2.2, mujoco 3.3.7). Every dataset
is collected locally with `minari.DataCollector` (or, for the one without an
environment, `minari.create_dataset_from_buffers`) into a fresh temporary
MINARI_DATASETS_PATH; the finished tree is then copied to OUT, which is itself
a MINARI_DATASETS_PATH root:

    OUT/fixtures/namespace_metadata.json
    OUT/fixtures/<env>/namespace_metadata.json
    OUT/fixtures/<env>/<name>-v0/data/{metadata.json,main_data.hdf5}

Datasets (see Fixtures/minari/README.md):

    fixtures/hopper/random-v0       Hopper-v5, Box observations, a length-1 episode
    fixtures/pointgoal/mixed-v0     Dict observations, terminations and truncations, infos
    fixtures/antmaze/umaze-v0       Dict observations shaped like AntMaze, sparse reward
    fixtures/tuple/random-v0        Tuple observations, float32 rewards
    fixtures/nospec/buffers-v0      no environment (no env_spec), no seeds

Deterministic: every reset gets an explicit seed, every policy its own
numpy Generator, and the action spaces are seeded. Running the script twice
gives byte-identical files (compare with `sha256sum`).

Afterwards OUT/expected.json is written by running tools/minari_facts.py in a
separate process on each dataset: the facts come from `minari.load_dataset`,
not from this script's own arrays.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "Fixtures" / "minari"
FACTS = Path(__file__).resolve().parent / "minari_facts.py"

AUTHOR = "d4rl-iql fixtures"
AUTHOR_EMAIL = "fixtures@example.invalid"
CODE_PERMALINK = "tools/make_minari_fixtures.py"

# D4RL's reference returns for hopper (Fixtures/reference/d4rl_ref_scores.tsv,
# REF_MIN_SCORE / REF_MAX_SCORE of every hopper-*-v0/v2 entry).
HOPPER_REF_MIN = -20.272305
HOPPER_REF_MAX = 3234.3

DATASET_IDS = [
    "fixtures/hopper/random-v0",
    "fixtures/pointgoal/mixed-v0",
    "fixtures/antmaze/umaze-v0",
    "fixtures/tuple/random-v0",
    "fixtures/nospec/buffers-v0",
]


# ---------------------------------------------------------------------------
# Small environments defined here (registered with gymnasium in this process)
# ---------------------------------------------------------------------------

import gymnasium as gym  # noqa: E402
import numpy as np  # noqa: E402
from gymnasium import spaces  # noqa: E402

INF = np.inf


class PointGoalEnv(gym.Env):
    """A point in the plane that has to reach a goal (goal-conditioned, Dict observations).

    Observation (a Dict in this key order): `observation` = (x, y, vx, vy) as
    float32, `achieved_goal` = (x, y) and `desired_goal` = the goal, float64.
    Action: a velocity command in [-1, 1]^2 (float32); the point moves by
    `step_size * action`. Reward: minus the distance to the goal after the move
    (dense), or 1.0 within `goal_radius` and 0.0 elsewhere (sparse).
    Terminated when the goal is reached, unless `continuing_task`.
    `reset(options={"start_at_goal": True})` starts the point next to the goal
    (one step away). `obs_dim` > 4 pads the observation with deterministic
    features (sin/cos of the position), to give it AntMaze's 27 values.
    Infos: `distance` (float) and `success` (bool), in reset and step alike.
    """

    metadata = {"render_modes": []}

    def __init__(self, obs_dim=4, reward_type="dense", continuing_task=False,
                 goal_radius=0.45, step_size=0.25):
        assert obs_dim >= 4
        self.obs_dim = obs_dim
        self.reward_type = reward_type
        self.continuing_task = continuing_task
        self.goal_radius = goal_radius
        self.step_size = step_size
        obs_dtype = np.float32 if obs_dim == 4 else np.float64
        self.observation_space = spaces.Dict(OrderedDict([
            ("observation", spaces.Box(-INF, INF, (obs_dim,), obs_dtype)),
            ("achieved_goal", spaces.Box(-INF, INF, (2,), np.float64)),
            ("desired_goal", spaces.Box(-INF, INF, (2,), np.float64)),
        ]))
        self.action_space = spaces.Box(-1.0, 1.0, (2,), np.float32)
        self._pos = np.zeros(2)
        self._vel = np.zeros(2)
        self._goal = np.zeros(2)

    def _obs(self):
        obs_space = self.observation_space["observation"]
        core = np.concatenate([self._pos, self._vel])
        if self.obs_dim > 4:
            k = np.arange(1, self.obs_dim - 4 + 1)
            pad = np.where(k % 2 == 0, np.sin(k * self._pos[0]), np.cos(k * self._pos[1]))
            core = np.concatenate([core, pad])
        return OrderedDict([
            ("observation", core.astype(obs_space.dtype)),
            ("achieved_goal", self._pos.astype(np.float64)),
            ("desired_goal", self._goal.astype(np.float64)),
        ])

    def _info(self):
        distance = float(np.linalg.norm(self._pos - self._goal))
        return {"distance": distance, "success": bool(distance <= self.goal_radius)}

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        rng = self.np_random
        self._goal = rng.uniform(-2.0, 2.0, 2)
        if options and options.get("start_at_goal"):
            angle = rng.uniform(0.0, 2.0 * np.pi)
            offset = (self.goal_radius + 0.5 * self.step_size) * np.array([np.cos(angle), np.sin(angle)])
            self._pos = self._goal + offset
        else:
            self._pos = rng.uniform(-2.0, 2.0, 2)
        self._vel = np.zeros(2)
        return self._obs(), self._info()

    def step(self, action):
        a = np.clip(np.asarray(action, dtype=np.float64), -1.0, 1.0)
        new_pos = self._pos + self.step_size * a
        self._vel = (new_pos - self._pos) / self.step_size
        self._pos = new_pos
        info = self._info()
        if self.reward_type == "sparse":
            reward = 1.0 if info["success"] else 0.0
        else:
            reward = -info["distance"]
        terminated = bool(info["success"]) and not self.continuing_task
        return self._obs(), reward, terminated, False, info


class TupleEnv(gym.Env):
    """A damped 1-D cart with Tuple observations and float32 rewards.

    Observation: Tuple(Box(3,) float32 = (x, v, last action), Box(2,) float64 =
    (sin x, cos x)). Action: Box(1,) float32 in [-1, 1]. Reward: np.float32
    1 - x^2 / 4. Terminated when |x| > 2.
    """

    metadata = {"render_modes": []}

    def __init__(self):
        self.observation_space = spaces.Tuple((
            spaces.Box(-INF, INF, (3,), np.float32),
            spaces.Box(-1.0, 1.0, (2,), np.float64),
        ))
        self.action_space = spaces.Box(-1.0, 1.0, (1,), np.float32)
        self._x = 0.0
        self._v = 0.0
        self._a = 0.0

    def _obs(self):
        return (np.array([self._x, self._v, self._a], dtype=np.float32),
                np.array([np.sin(self._x), np.cos(self._x)], dtype=np.float64))

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self._x = float(self.np_random.uniform(-1.0, 1.0))
        self._v = float(self.np_random.uniform(-0.2, 0.2))
        self._a = 0.0
        return self._obs(), {}

    def step(self, action):
        self._a = float(np.clip(action[0], -1.0, 1.0))
        self._v = 0.9 * self._v + 0.3 * self._a
        self._x = self._x + 0.5 * self._v
        reward = np.float32(1.0 - self._x * self._x / 4.0)
        terminated = abs(self._x) > 2.0
        return self._obs(), reward, terminated, False, {}


def register_envs():
    """Entry points are strings, so the env specs serialise to JSON."""
    module = "make_minari_fixtures"
    gym.register(id="FixturePointGoal-v0", entry_point=f"{module}:PointGoalEnv",
                 max_episode_steps=30)
    gym.register(id="FixtureAntMaze_UMaze-v0", entry_point=f"{module}:PointGoalEnv",
                 max_episode_steps=20,
                 kwargs={"obs_dim": 27, "reward_type": "sparse", "continuing_task": True})
    gym.register(id="FixtureTuple-v0", entry_point=f"{module}:TupleEnv",
                 max_episode_steps=12)


# ---------------------------------------------------------------------------
# Collection helpers
# ---------------------------------------------------------------------------

def collect(collector, plan, policy):
    """Run `plan` (a list of dicts: seed, optional options, optional cut) on `collector`.

    `cut` = n stops the episode after n steps without a termination or time
    limit; the next reset (or create_dataset) then marks it truncated, as
    DataCollector does for an episode left unfinished.
    """
    for episode in plan:
        obs, _ = collector.reset(seed=episode["seed"], options=episode.get("options"))
        steps = 0
        while True:
            obs, _, terminated, truncated, _ = collector.step(policy(obs))
            steps += 1
            if terminated or truncated or steps == episode.get("cut"):
                break


def make_hopper(minari):
    """fixtures/hopper/random-v0: uniform random actions on Hopper-v5 (time limit 25)."""
    env = gym.make("Hopper-v5", max_episode_steps=25)
    env.action_space.seed(1001)
    collector = minari.DataCollector(env)
    plan = [{"seed": s} for s in (11, 12, 13)] + [{"seed": 14, "cut": 1}] \
        + [{"seed": s} for s in (15, 16, 17, 18)]
    collect(collector, plan, lambda obs: env.action_space.sample())
    collector.create_dataset(
        dataset_id="fixtures/hopper/random-v0",
        eval_env="Hopper-v5",
        algorithm_name="uniform random actions",
        author=AUTHOR,
        author_email=AUTHOR_EMAIL,
        code_permalink=CODE_PERMALINK,
        ref_min_score=HOPPER_REF_MIN,
        ref_max_score=HOPPER_REF_MAX,
        description="Hopper-v5 with uniformly random actions and a 25-step time limit; "
                    "episode 3 is cut after one step (truncated by the next reset).",
        requirements=["gymnasium[mujoco]==1.2.2", "mujoco==3.3.7"],
    )
    collector.close()


def goal_seeking_policy(seed, gain, noise):
    """Steers towards the goal: clip(gain * (goal - pos) + N(0, noise²), -1, 1), float32."""
    rng = np.random.default_rng(seed)

    def policy(obs):
        direction = obs["desired_goal"] - obs["achieved_goal"]
        a = gain * direction + noise * rng.standard_normal(2)
        return np.clip(a, -1.0, 1.0).astype(np.float32)

    return policy


def make_pointgoal(minari):
    """fixtures/pointgoal/mixed-v0: goal-seeking and noisy episodes, infos recorded."""
    env = gym.make("FixturePointGoal-v0")
    collector = minari.DataCollector(env, record_infos=True)
    careful = goal_seeking_policy(2001, gain=1.5, noise=0.1)
    sloppy = goal_seeking_policy(2002, gain=0.05, noise=0.8)
    plans = [
        ([{"seed": 21}, {"seed": 22}], careful),
        ([{"seed": 23}], sloppy),
        ([{"seed": 24, "options": {"start_at_goal": True}}], careful),
        ([{"seed": 25}], careful),
        ([{"seed": 26}], sloppy),
    ]
    for plan, policy in plans:
        collect(collector, plan, policy)
    collector.create_dataset(
        dataset_id="fixtures/pointgoal/mixed-v0",
        algorithm_name="goal-seeking controller, careful and sloppy",
        author=AUTHOR,
        author_email=AUTHOR_EMAIL,
        code_permalink=CODE_PERMALINK,
        description="A point that reaches a goal (dense reward -distance); terminated at the goal, "
                    "truncated at 30 steps; episode 3 starts next to the goal (length 1).",
    )
    collector.close()


def make_antmaze(minari):
    """fixtures/antmaze/umaze-v0: AntMaze-shaped Dict observations, sparse reward, no terminations."""
    env = gym.make("FixtureAntMaze_UMaze-v0")
    collector = minari.DataCollector(env, record_infos=True)
    policy = goal_seeking_policy(3001, gain=0.8, noise=0.3)
    collect(collector, [{"seed": s} for s in (31, 32, 33)], policy)
    collector.create_dataset(
        dataset_id="fixtures/antmaze/umaze-v0",
        eval_env=gym.spec("FixtureAntMaze_UMaze-v0"),
        algorithm_name="goal-seeking controller",
        author=AUTHOR,
        author_email=AUTHOR_EMAIL,
        code_permalink=CODE_PERMALINK,
        ref_min_score=0.0,
        ref_max_score=1.0,
        description="Not an ant: a point with AntMaze's observation layout (27 + 2 + 2), sparse reward "
                    "1 within 0.45 of the goal, continuing task (never terminated), 20-step time limit.",
    )
    collector.close()


def make_tuple(minari):
    """fixtures/tuple/random-v0: Tuple observations; the last episode is left unfinished."""
    env = gym.make("FixtureTuple-v0")
    env.action_space.seed(4001)
    collector = minari.DataCollector(env)
    plan = [{"seed": s} for s in (41, 42, 43)] + [{"seed": 44, "cut": 5}]
    collect(collector, plan, lambda obs: env.action_space.sample())
    collector.create_dataset(
        dataset_id="fixtures/tuple/random-v0",
        algorithm_name="uniform random actions",
        author=AUTHOR,
        author_email=AUTHOR_EMAIL,
        code_permalink=CODE_PERMALINK,
        description="Tuple(Box(3,) float32, Box(2,) float64) observations, float32 rewards; "
                    "the last episode is cut after 5 steps (truncated by create_dataset).",
    )
    collector.close()


def make_nospec(minari):
    """fixtures/nospec/buffers-v0: create_dataset_from_buffers without an environment."""
    from minari.data_collector import EpisodeBuffer

    rng = np.random.default_rng(5001)
    buffers = []
    for length, terminated in ((4, True), (3, False)):
        obs = rng.standard_normal((length + 1, 3)).astype(np.float32)
        act = rng.uniform(-1.0, 1.0, (length, 2)).astype(np.float32)
        rew = np.round(rng.standard_normal(length), 3)
        term = [False] * length
        trunc = [False] * length
        (term if terminated else trunc)[-1] = True
        buffers.append(EpisodeBuffer(
            observations=list(obs), actions=list(act), rewards=list(rew),
            terminations=term, truncations=trunc, infos={}))
    minari.create_dataset_from_buffers(
        dataset_id="fixtures/nospec/buffers-v0",
        buffer=buffers,
        observation_space=spaces.Box(-INF, INF, (3,), np.float32),
        action_space=spaces.Box(-1.0, 1.0, (2,), np.float32),
        algorithm_name="synthetic",
        author=AUTHOR,
        author_email=AUTHOR_EMAIL,
        code_permalink=CODE_PERMALINK,
        description="Two synthetic episodes written with create_dataset_from_buffers and no "
                    "environment: no env_spec, no eval_env_spec, no seeds.",
    )


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def generate(tmp_root):
    os.environ["MINARI_DATASETS_PATH"] = str(tmp_root)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import warnings

    import minari

    register_envs()
    with warnings.catch_warnings():
        # eval_env/None-field warnings and gymnasium's checker: expected here.
        warnings.simplefilter("ignore")
        make_hopper(minari)
        make_pointgoal(minari)
        make_antmaze(minari)
        make_tuple(minari)
        make_nospec(minari)


def copy_tree(tmp_root, out):
    """Copy the namespace tree (not DataCollector's leftover temporary dirs) to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "fixtures"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(tmp_root / "fixtures", target)


def write_expected(out):
    env = dict(os.environ, MINARI_DATASETS_PATH=str(out))
    result = subprocess.run([sys.executable, str(FACTS), *DATASET_IDS],
                            env=env, check=True, stdout=subprocess.PIPE, text=True)
    facts = json.loads(result.stdout)
    with open(out / "expected.json", "w") as f:
        json.dump(facts, f, indent=1, allow_nan=False)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="MINARI_DATASETS_PATH root to write (default: Fixtures/minari)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="minari-fixtures-") as tmp:
        tmp_root = Path(tmp)
        generate(tmp_root)
        copy_tree(tmp_root, args.out)
    write_expected(args.out)
    for dataset_id in DATASET_IDS:
        data = args.out / dataset_id / "data"
        size = sum(p.stat().st_size for p in data.iterdir())
        print(f"{dataset_id}: {size} bytes")
    print(f"wrote {args.out / 'expected.json'}")


if __name__ == "__main__":
    main()
