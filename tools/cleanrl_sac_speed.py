#!/usr/bin/env python3
"""Environment steps per second of CleanRL's SAC (PyTorch, CPU, one thread), learning included.

Runs the unmodified `cleanrl/sac_continuous_action.py` of the PyPI package cleanrl==1.2.0 (as
installed in cleanrl-venv, see tools/requirements-cleanrl.txt) with `runpy`, as its own
`__main__`, with the command line

    --env-id ENV --total-timesteps STEPS --learning-starts L --seed SEED
    --cuda False --track False --capture-video False [--policy-frequency P] [EXTRA...]

Nothing in CleanRL's file is changed. Around it this tool only

- sets one thread (OMP/MKL env vars before torch is imported, torch.set_num_threads(1),
  torch.set_num_interop_threads(1));
- serves the environment: cleanrl 1.2.0 is written for gym 0.23.1's API (4-tuple step,
  env.seed, SyncVectorEnv's list of info dicts with "terminal_observation", TimeLimit's
  "TimeLimit.truncated"), but gym 0.23.1 has no MuJoCo v4 environments (its Hopper-v3 needs
  mujoco-py and MuJoCo 2.1 binaries), and the gym releases that do have v4 environments (0.24+)
  changed the vector API the script relies on. So ENV is registered in gym 0.23.1 with a thin
  adapter around gymnasium's own environment of that id (`gymnasium.make(ENV).unwrapped`,
  gymnasium 1.2.2 on mujoco 3.3.7, the pins of tools/requirements-dynamics.txt), and gym's
  TimeLimit gives it gymnasium's max_episode_steps (1000 for Hopper-v4);
- times the learning phase: the clock starts when the script first calls
  `ReplayBuffer.sample` (the first update, at global_step = L + 1, since CleanRL updates when
  `global_step > learning_starts`) and stops when it calls `envs.close()` after its loop.
  Every sample() call is counted as one update; there are STEPS - L - 1 of them. Each such step
  is one actor forward for the action, one env step, one replay-buffer add and sample, one
  critic update, the policy (and alpha) updates CleanRL does every P-th step (P of them, P = 2
  by default), the Polyak target update, and CleanRL's TensorBoard scalars every 100 steps.

CleanRL's SummaryWriter writes into a temporary working directory that is deleted afterwards.
CleanRL's own prints (episodic returns, its "SPS:" lines, which average over the random phase
too) are discarded unless --verbose, which sends them to stderr. stdout gets one line:

    steps_per_second <float> updates <int> seconds <float> cpu_seconds <float>

where steps_per_second = updates / seconds (wall clock, time.perf_counter) and cpu_seconds is
this process's CPU time (time.process_time) over the same phase: on a shared machine,
seconds / cpu_seconds well above 1 means the run waited for a core, and updates / cpu_seconds
is closer to what an idle core would give. Exit status 2 if the venv's packages are missing.

    cleanrl-venv/bin/python tools/cleanrl_sac_speed.py --steps 7000 --learning-starts 5000
    cleanrl-venv/bin/python tools/cleanrl_sac_speed.py --steps 7000 --learning-starts 5000 --policy-frequency 1
"""

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
import warnings


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, default=7000,
                   help="CleanRL --total-timesteps (environment steps in all)")
    p.add_argument("--learning-starts", type=int, default=5000,
                   help="CleanRL --learning-starts: random-action steps before the first update")
    p.add_argument("--seed", type=int, default=1, help="CleanRL --seed")
    p.add_argument("--env-id", default="Hopper-v4", help="a gymnasium environment id")
    p.add_argument("--policy-frequency", type=int, default=None,
                   help="CleanRL --policy-frequency (its default is 2: the actor and alpha are "
                        "updated twice every 2nd step); 1 updates them once every step")
    p.add_argument("--verbose", action="store_true",
                   help="send CleanRL's own output to stderr instead of discarding it")
    p.add_argument("extra", nargs=argparse.REMAINDER,
                   help="after `--`: further arguments passed to CleanRL's script as they are")
    args = p.parse_args(argv)
    if args.extra and args.extra[0] == "--":
        args.extra = args.extra[1:]
    if args.learning_starts < 0 or args.steps < args.learning_starts + 2:
        p.error("need 0 <= --learning-starts and --steps >= --learning-starts + 2")
    if args.policy_frequency is not None and args.policy_frequency < 1:
        p.error("--policy-frequency must be >= 1")
    return args


def main(argv=None):
    args = parse_args(argv)

    # One thread, before torch (and numpy's BLAS) are loaded.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    warnings.filterwarnings("ignore")

    try:
        with contextlib.redirect_stderr(open(os.devnull, "w")):  # gym 0.23.1's import notice
            import gym
        import gymnasium
        import importlib.util
        import runpy
        import torch
        from stable_baselines3.common.buffers import ReplayBuffer
        spec = importlib.util.find_spec("cleanrl.sac_continuous_action")
    except ImportError as e:
        print(f"cleanrl_sac_speed.py: {e}; install tools/requirements-cleanrl.txt into cleanrl-venv "
              "(see tools/README.md)", file=sys.stderr)
        return 2
    if spec is None or spec.origin is None:
        print("cleanrl_sac_speed.py: cleanrl.sac_continuous_action not found; install "
              "tools/requirements-cleanrl.txt into cleanrl-venv", file=sys.stderr)
        return 2

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    gymnasium.logger.min_level = gymnasium.logger.ERROR  # e.g. "Hopper-v4 is out of date"
    warnings.filterwarnings("ignore")  # again: gymnasium's import adds its own filter

    class GymnasiumEnv(gym.Env):
        """gym 0.23.1's Env API over gymnasium's (unwrapped) environment of the same id."""

        def __init__(self, gymnasium_id):
            self._env = gymnasium.make(gymnasium_id, disable_env_checker=True).unwrapped
            self.observation_space = self._box(self._env.observation_space)
            self.action_space = self._box(self._env.action_space)
            self._next_seed = None

        @staticmethod
        def _box(space):
            return gym.spaces.Box(low=space.low, high=space.high, dtype=space.dtype)

        def seed(self, seed=None):
            self._next_seed = seed  # used by the next reset, as gym 0.23.1's envs do
            return [seed]

        def reset(self, *, seed=None, return_info=False, options=None):
            if seed is None:
                seed, self._next_seed = self._next_seed, None
            obs, info = self._env.reset(seed=seed, options=options)
            return (obs, info) if return_info else obs

        def step(self, action):
            obs, reward, terminated, truncated, info = self._env.step(action)
            return obs, float(reward), bool(terminated or truncated), info

        def close(self):
            self._env.close()

    max_steps = gymnasium.spec(args.env_id).max_episode_steps
    gym.envs.registration.register(id=args.env_id, entry_point=GymnasiumEnv,
                                   max_episode_steps=max_steps,
                                   kwargs={"gymnasium_id": args.env_id})

    # Time the learning phase: first ReplayBuffer.sample() to envs.close().
    clock = {"t0": None, "t1": None, "c0": None, "c1": None, "updates": 0}
    original_sample = ReplayBuffer.sample
    original_close = gym.vector.SyncVectorEnv.close

    def timed_sample(self, *a, **k):
        if clock["t0"] is None:
            clock["t0"], clock["c0"] = time.perf_counter(), time.process_time()
        clock["updates"] += 1
        return original_sample(self, *a, **k)

    def timed_close(self, *a, **k):
        if clock["t1"] is None:
            clock["t1"], clock["c1"] = time.perf_counter(), time.process_time()
        return original_close(self, *a, **k)

    ReplayBuffer.sample = timed_sample
    gym.vector.SyncVectorEnv.close = timed_close

    cleanrl_argv = [spec.origin,
                    "--env-id", args.env_id,
                    "--total-timesteps", str(args.steps),
                    "--learning-starts", str(args.learning_starts),
                    "--seed", str(args.seed),
                    "--cuda", "False", "--track", "False", "--capture-video", "False"]
    if args.policy_frequency is not None:
        cleanrl_argv += ["--policy-frequency", str(args.policy_frequency)]
    cleanrl_argv += args.extra

    workdir = tempfile.mkdtemp(prefix="cleanrl-sac-speed-")
    cwd = os.getcwd()
    saved_argv = sys.argv
    sink = sys.stderr if args.verbose else open(os.devnull, "w")
    try:
        os.chdir(workdir)
        sys.argv = cleanrl_argv
        with contextlib.redirect_stdout(sink):
            runpy.run_module("cleanrl.sac_continuous_action", run_name="__main__", alter_sys=True)
    finally:
        sys.argv = saved_argv
        os.chdir(cwd)
        shutil.rmtree(workdir, ignore_errors=True)
        ReplayBuffer.sample = original_sample
        gym.vector.SyncVectorEnv.close = original_close
    end, cpu_end = time.perf_counter(), time.process_time()

    if clock["t0"] is None:
        print("cleanrl_sac_speed.py: CleanRL made no update", file=sys.stderr)
        return 1
    seconds = (clock["t1"] if clock["t1"] is not None else end) - clock["t0"]
    cpu_seconds = (clock["c1"] if clock["c1"] is not None else cpu_end) - clock["c0"]
    updates = clock["updates"]
    print(f"steps_per_second {updates / seconds:.3f} updates {updates} seconds {seconds:.3f} "
          f"cpu_seconds {cpu_seconds:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
