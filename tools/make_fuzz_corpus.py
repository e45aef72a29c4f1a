#!/usr/bin/env python3
"""Generate the hostile-file fuzz corpus of Fixtures/fuzz/.

    python3 tools/make_fuzz_corpus.py [--out Fixtures/fuzz] [--count N | --random K] [--extended]
        Writes every hostile file and Fixtures/fuzz/manifest.json (removing the
        files an older manifest lists). Output is deterministic (fixed seeds,
        track_times=False, no HDF5 timestamps), so running it twice gives
        byte-identical files.

        --count N   number of random mutations (byte flips, truncations, ...)
                    of the seed files; the default (26, two per seed) keeps the
                    committed corpus under ~3 MB and ~150 files. Mutation i
                    depends on i only, so a larger N adds files and keeps the
                    first N unchanged.
        --random K  K random mutations on top of the default ones (for local
                    fuzzing; do not commit them).
        --extended  also the variations listed in EXTENDED, left out of the
                    committed corpus because the default files reach the same
                    failure paths.
        --seeds DIR where checkpoint.h5 and hopper-medium.h5 are (default
                    Fixtures/fuzz/seeds).

Inputs (no Swift needed):
  Fixtures/d4rl/*.hdf5, Fixtures/dynamics/*-v4-dynamics.hdf5 (tools/make_fixtures.py,
  tools/record_dynamics.py; the v5 recordings have the v4 ones' layout, so
  they would add files, not failure paths), Fixtures/fuzz/seeds/checkpoint.h5 (an iql-train
  run: hopper-medium-v2-mini, --steps 20 --hidden-dims 16,16 --batch-size 32
  --eval-env none) and Fixtures/fuzz/seeds/hopper-medium.h5 (a copy of
  /work/shared/policies/hopper-medium.h5), Fixtures/fuzz/seeds/sac-checkpoint.h5 and
  sac-policy.h5 (a sac-train run: --env hopper --steps 130 --random-steps 100 --hidden-dims 4,4
  --batch-size 8 --replay-capacity 200 --eval-episodes 1 --eval-interval 1000; its checkpoint.h5
  and policy.h5).

Every file gets a manifest entry {file, kind, input, expect, detail, ...}:
  input   dataset | checkpoint | sac-checkpoint | policy | sac-policy | minari | sweep (which reader the file is
          meant for; a minari entry is a dataset directory holding data/, a sweep
          entry an iql-sweep file);
  expect  ok     : a legal file (h5py reads it, layout valid) that must be read;
          error  : must be refused with one clean `Error: ...` line;
          either : a random mutation, or damage that h5py and libhdf5 1.10 treat
                   differently; any clean outcome, but no crash or hang.
  values  for `ok` datasets: per key {shape, first, sum, non_finite, fnv1a64_f32}
          as read back by h5py (see Fixtures/fuzz/README.md).
The expectation of every dataset and policy file is cross-checked against an
independent Python validator of the documented layout (D4RL rules of
D4RLDataset, the policy README); a disagreement stops the generator.
"""

import argparse
import io
import json
import math
import os
import shutil
import struct
import sys
import time
import zlib
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"
DEFAULT_OUT = FIXTURES / "fuzz"
DEFAULT_SEEDS = FIXTURES / "fuzz" / "seeds"
DEFAULT_RANDOM = 26
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
MAX_READ_ELEMENTS = 1 << 26     # the validator does not read bigger datasets
HOPPER_OBS, HOPPER_ACT = 11, 3  # the runner rolls policies in Hopper


def stable_rng(*parts):
    """A generator seeded from the given strings/ints (crc32 of their text)."""
    text = "/".join(str(p) for p in parts).encode()
    return np.random.default_rng([zlib.crc32(text), len(text)])


def new_file(path, libver="earliest", **kwargs):
    return h5py.File(path, "w", libver=libver, **kwargs)


def gz(group, name, data, **kwargs):
    """An array the way D4RL writes it: gzip level 4, automatic chunks."""
    kwargs.setdefault("compression", "gzip")
    kwargs.setdefault("chunks", True)
    return group.create_dataset(name, data=np.asarray(data), track_times=False, **kwargs)


def contiguous(group, name, data, **kwargs):
    return group.create_dataset(name, data=data, track_times=False, **kwargs)


# ---------------------------------------------------------------------------
# FNV-1a 64 and the checkpoint's @content_hash (README "Checkpoint layout")
# ---------------------------------------------------------------------------

FNV_OFFSET, FNV_PRIME, MASK64 = 14695981039346656037, 1099511628211, (1 << 64) - 1


def fnv1a64(data, h=FNV_OFFSET):
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & MASK64
    return h


def network_tensors(obs, act, hidden):
    """Tensor name -> shape for the four networks, in the learner's append order."""
    def mlp(prefix, sizes):
        out = {}
        for i in range(len(sizes) - 1):
            out[f"{prefix}layer{i}/kernel"] = (sizes[i], sizes[i + 1])
            out[f"{prefix}layer{i}/bias"] = (sizes[i + 1],)
        return out
    critic = {**mlp("q1/", [obs + act] + hidden + [1]), **mlp("q2/", [obs + act] + hidden + [1])}
    actor = {**mlp("layers/", [obs] + hidden + [act]), "log_std": (act,)}
    return {"critic": critic, "target_critic": dict(critic), "value": mlp("", [obs] + hidden + [1]), "actor": actor}


CONFIG_FLOATS = ["expectile", "temperature", "max_advantage_weight", "dropout_rate", "actor_learning_rate",
                 "value_learning_rate", "critic_learning_rate", "discount", "target_update_rate", "log_std_min",
                 "log_std_max", "adam_beta1", "adam_beta2", "adam_epsilon"]
CONFIG_INTS = ["batch_size", "max_steps"]
PRE_FLAGS = ["terminate_on_end", "use_stored_next_observations", "clip_actions", "normalize_observations"]
OPTIMIZERS = ["critic", "value", "actor"]
NETWORKS = ["critic", "target_critic", "value", "actor"]


def checkpoint_hash(spec):
    """@content_hash of a checkpoint spec (see load_checkpoint_spec), as the Swift writer computes it."""
    a, cfg, pre = spec["attrs"], spec["config"], spec["preprocessing"]
    hidden = [int(x) for x in np.atleast_1d(cfg["hidden_dims"])]
    obs, act = int(a["observation_dim"]), int(a["action_dim"])

    def s(text):
        b = text if isinstance(text, bytes) else str(text).encode()
        return struct.pack("<q", len(b)) + b
    parts = [np.array([a["step"], a["target_steps"], obs, act], "<i8").tobytes(),
             np.array([a["rng_state"]], "<u8").tobytes()]
    layout = network_tensors(obs, act, hidden)
    for net in NETWORKS:
        for name in layout[net]:   # absent tensors: the reader fails before it hashes
            if spec["params"][net].get(name) is not None:
                parts.append(np.asarray(spec["params"][net][name], "<f4").tobytes())
    for name in OPTIMIZERS:
        o = spec["optimizers"][name]
        parts += [np.asarray(o["first_moment"], "<f4").tobytes(), np.asarray(o["second_moment"], "<f4").tobytes(),
                  np.array([o["step"]], "<i8").tobytes()]
    if spec.get("normalizer") is not None:
        parts += [np.asarray(spec["normalizer"]["mean"], "<f4").tobytes(),
                  np.asarray(spec["normalizer"]["std"], "<f4").tobytes()]
    parts.append(np.array([1, a["seed"]], "<u8").tobytes())
    parts.append(s(cfg["algorithm"]))
    parts.append(np.array([len(hidden)] + hidden, "<i8").tobytes())
    parts.append(np.array([cfg[k] for k in CONFIG_FLOATS], "<f4").tobytes())
    parts.append(np.array([cfg[k] for k in CONFIG_INTS], "<i8").tobytes())
    parts.append(np.array([bool(pre[k]) for k in PRE_FLAGS], "u1").tobytes())
    parts.append(np.array([pre["max_episode_steps"]], "<i8").tobytes())
    parts += [s(pre["reward_transform"]), s(a["dataset_name"]), s(a["dataset_hash"])]
    return "%016x" % fnv1a64(b"".join(parts))


def load_checkpoint_spec(path):
    """A checkpoint as nested dicts: attrs, config, preprocessing, params[net][tensor], optimizers, normalizer."""
    with h5py.File(path, "r") as f:
        spec = {"attrs": dict(f.attrs), "config": dict(f["config"].attrs),
                "preprocessing": dict(f["preprocessing"].attrs), "params": {}, "optimizers": {}, "normalizer": None}
        for net in NETWORKS:
            g = f["params"][net]
            names = []
            g.visit(lambda n: names.append(n) if isinstance(g[n], h5py.Dataset) else None)
            spec["params"][net] = {n: g[n][()] for n in names}
        for name in OPTIMIZERS:
            g = f["optimizers"][name]
            spec["optimizers"][name] = {"first_moment": g["first_moment"][()], "second_moment": g["second_moment"][()],
                                        "step": g.attrs["step"]}
        if "normalizer" in f:
            spec["normalizer"] = {"mean": f["normalizer/mean"][()], "std": f["normalizer/std"][()]}
    return spec


ROOT_ATTR_ORDER = ["format", "version", "step", "target_steps", "observation_dim", "action_dim", "dataset_name",
                   "dataset_hash", "rng_state", "content_hash", "seed"]


def write_checkpoint(path, spec, libver=("v108", "v108")):
    """Writes a spec in the Swift writer's layout and order. Entries set to None are left out."""
    def put_attrs(obj, attrs, order=()):
        for k in list(order) + sorted(set(attrs) - set(order)):
            if k in attrs and attrs[k] is not None:
                obj.attrs[k] = attrs[k]

    def put_tree(group, tree):
        for name, value in tree.items():
            if value is None:
                continue
            if isinstance(value, dict):
                put_tree(group.require_group(name), value)
            else:
                group.create_dataset(name, data=value, track_times=False)
    with new_file(path, libver=libver) as f:
        put_attrs(f, spec["attrs"], ROOT_ATTR_ORDER)
        for key in ("config", "preprocessing"):
            if spec.get(key) is not None:
                put_attrs(f.create_group(key), spec[key])
        if spec.get("params") is not None:
            params = f.create_group("params")
            for net in NETWORKS:
                tensors = spec["params"].get(net)
                if tensors is None:
                    continue
                g = params.create_group(net)
                for name, value in tensors.items():
                    if value is not None:
                        g.create_dataset(name, data=value, track_times=False)
        if spec.get("optimizers") is not None:
            opt = f.create_group("optimizers")
            for name in OPTIMIZERS:
                o = spec["optimizers"].get(name)
                if o is None:
                    continue
                g = opt.create_group(name)
                for moment in ("first_moment", "second_moment"):
                    if o.get(moment) is not None:
                        g.create_dataset(moment, data=o[moment], track_times=False)
                if o.get("step") is not None:
                    g.attrs["step"] = o["step"]
        if spec.get("normalizer") is not None:
            put_tree(f.create_group("normalizer"), spec["normalizer"])
        for name, value in spec.get("extra", {}).items():
            value(f) if callable(value) else f.create_dataset(name, data=value, track_times=False)


def mini_checkpoint_spec(seed_path, hidden=(4,)):
    """The seed's attributes, configuration and preprocessing with small hidden layers and fresh numbers."""
    spec = load_checkpoint_spec(seed_path)
    hidden = list(hidden)
    spec["config"]["hidden_dims"] = np.array(hidden, np.int64)
    obs, act = int(spec["attrs"]["observation_dim"]), int(spec["attrs"]["action_dim"])
    rng = stable_rng("mini-checkpoint")
    layout = network_tensors(obs, act, hidden)
    spec["params"] = {}
    for net in NETWORKS:
        spec["params"][net] = {}
        for name, shape in layout[net].items():
            scale = 0.0 if name == "log_std" else 1.0 / math.sqrt(shape[0])
            spec["params"][net][name] = (scale * rng.standard_normal(shape)).astype(np.float32)
        if net == "actor":
            spec["params"][net]["log_std"] = np.full(act, -0.5, np.float32)
    spec["params"]["target_critic"] = {k: v.copy() for k, v in spec["params"]["critic"].items()}
    step = int(spec["attrs"]["step"])
    for name, net in zip(OPTIMIZERS, ["critic", "value", "actor"]):
        count = sum(int(np.prod(s)) for s in layout[net].values())
        spec["optimizers"][name] = {
            "first_moment": (1e-3 * rng.standard_normal(count)).astype(np.float32),
            "second_moment": (1e-4 * np.abs(rng.standard_normal(count))).astype(np.float32),
            "step": np.int64(step)}
    rehash(spec)
    return spec


def rehash(spec):
    spec["attrs"]["content_hash"] = checkpoint_hash(spec)


def copy_spec(spec):
    def cp(x):
        if isinstance(x, dict):
            return {k: cp(v) for k, v in x.items()}
        return x.copy() if isinstance(x, np.ndarray) else x
    return cp(spec)


# ---------------------------------------------------------------------------
# The small D4RL base file most hostile datasets start from
# ---------------------------------------------------------------------------

BASE_SOURCE = FIXTURES / "d4rl" / "hopper-medium-v2-mini.hdf5"
BASE_ROWS = 32


def base_arrays():
    """32 consecutive rows of hopper-medium-v2-mini around its first episode end."""
    with h5py.File(BASE_SOURCE, "r") as f:
        ends = np.nonzero(f["terminals"][()] | f["timeouts"][()])[0]
        start = int(ends[0]) - 20
        rows = slice(start, start + BASE_ROWS)
        keys = ["observations", "actions", "rewards", "terminals", "timeouts", "next_observations",
                "infos/qpos", "infos/qvel"]
        return {k: f[k][rows] for k in keys}


def write_d4rl(path, arrays=None, replace=None, drop=(), edit=None, chunked=("observations",), libver="earliest",
               **file_kwargs):
    """The base layout: the D4RL keys, infos/{qpos,qvel}, metadata/{algorithm,iteration}, @source.

    Keys in `chunked` ("all" for every one) are gzip-chunked as D4RL writes them, the others
    contiguous (a v1 chunk B-tree costs 2.6 kB, and the corpus must stay small).
    `replace[key]` is an array or a callable(file, key) that writes that key itself;
    `drop` leaves keys out; `edit(file)` runs last.
    """
    arrays = dict(base_arrays() if arrays is None else arrays)
    replace = replace or {}
    with new_file(path, libver=libver, **file_kwargs) as f:
        f.attrs["source"] = "make_fuzz_corpus.py"
        for key, value in list(arrays.items()) + [(k, v) for k, v in replace.items() if k not in arrays]:
            if key in drop:
                continue
            value = replace.get(key, value)
            if callable(value):
                value(f, key)
            elif value is not None:
                (gz if chunked == "all" or key in chunked else contiguous)(f, key, np.asarray(value))
        if "metadata/algorithm" not in drop and "metadata/algorithm" not in replace:
            contiguous(f, "metadata/algorithm", np.bytes_(b"SAC"))
        if "metadata/iteration" not in drop and "metadata/iteration" not in replace:
            contiguous(f, "metadata/iteration", np.int32(1000000))
        if edit:
            edit(f)


# ---------------------------------------------------------------------------
# Byte-level helpers
# ---------------------------------------------------------------------------

def patch_dims(path, old, new):
    """Overwrites the little-endian dataspace dims `old` (and the equal max dims) with `new`."""
    data = bytearray(Path(path).read_bytes())
    pattern = struct.pack(f"<{len(old)}Q", *old)
    hits, start = [], 0
    while (i := data.find(pattern, start)) >= 0:
        hits.append(i)
        start = i + 1
    if len(hits) not in (1, 2):
        raise RuntimeError(f"{path}: sentinel dims {old} found {len(hits)} times")
    for i in hits:
        data[i:i + len(pattern)] = struct.pack(f"<{len(new)}Q", *new)
    Path(path).write_bytes(bytes(data))
    return hits


def object_address(path, name):
    with h5py.File(path, "r") as f:
        return h5py.h5o.get_info(f[name].id).addr


def v1_header_messages(data, addr):
    """(type, data offset, size) of the messages in a version 1 object header at `addr`."""
    assert data[addr] == 1, "not a version 1 object header"
    count, size = struct.unpack_from("<H", data, addr + 2)[0], struct.unpack_from("<I", data, addr + 8)[0]
    out, blocks = [], [(addr + 16, size)]
    while blocks and len(out) < count:
        pos, length = blocks.pop(0)
        end = pos + length
        while pos < end and len(out) < count:
            mtype, msize = struct.unpack_from("<HH", data, pos)
            out.append((mtype, pos + 8, msize))
            if mtype == 0x10:   # continuation: more messages elsewhere
                blocks.append(struct.unpack_from("<QQ", data, pos + 8))
            pos += 8 + msize
    return out


def data_ranges(path):
    """[(offset, size)] of every raw data block (chunks, contiguous storage) in the file."""
    ranges = []
    with h5py.File(path, "r") as f:
        def visit(_, obj):
            if not isinstance(obj, h5py.Dataset) or obj.shape is None:
                return
            if obj.chunks:
                for i in range(obj.id.get_num_chunks()):
                    info = obj.id.get_chunk_info(i)
                    ranges.append((info.byte_offset, info.size))
            else:
                offset = obj.id.get_offset()
                if offset is not None and obj.id.get_storage_size() > 0:
                    ranges.append((offset, obj.id.get_storage_size()))
        f.visititems(visit)
    return sorted(ranges)


def metadata_offsets(size, ranges):
    """Offsets not inside any raw data block."""
    mask = np.ones(size, bool)
    for offset, length in ranges:
        mask[offset:offset + length] = False
    return np.nonzero(mask)[0]


def flip_bytes(data, rng, count, offsets=None):
    """XORs `count` distinct bytes (chosen among `offsets`, default all) with random non-zero values."""
    data = bytearray(data)
    pool = np.arange(len(data)) if offsets is None else offsets
    chosen = sorted(int(x) for x in rng.choice(pool, size=min(count, len(pool)), replace=False))
    for i in chosen:
        data[i] ^= int(rng.integers(1, 256))
    return bytes(data), chosen


# --- Minari dataset directories ------------------------------------------------

MINARI_SEEDS = FIXTURES / "minari" / "fixtures"
MINARI_EPISODE_KEYS = ("actions", "rewards", "terminations", "truncations")


def minari_problems(directory):
    """What an independent reading of SPEC §7's layout finds wrong with a Minari dataset directory
    (empty: it must be read). Counts that disagree with metadata.json and NaN values are warnings,
    not problems."""
    data = Path(directory) / "data"
    if not (data / "metadata.json").is_file():
        return ["no data/metadata.json"]
    try:
        meta = json.loads((data / "metadata.json").read_text())
    except (ValueError, UnicodeDecodeError) as error:
        return [f"metadata.json is not JSON ({error.__class__.__name__})"]
    if not isinstance(meta, dict):
        return ["metadata.json is not an object"]
    missing = [k for k in ("dataset_id", "total_episodes", "total_steps", "minari_version") if k not in meta]
    if missing:
        return [f"metadata.json lacks {', '.join(missing)}"]
    if meta.get("data_format", "hdf5") != "hdf5":
        return [f"stored as {meta['data_format']}"]
    try:
        f = h5py.File(data / "main_data.hdf5", "r")
    except OSError as error:
        return [f"main_data.hdf5 does not open ({error})"]
    with f:
        indices = sorted(int(k.split("_")[1]) for k in f if k.startswith("episode_"))
        if indices != list(range(len(indices))):
            return ["episode indices have a gap"]
        layout = None
        for i in indices:
            g = f[f"episode_{i}"]
            if any(k not in g for k in MINARI_EPISODE_KEYS + ("observations",)):
                return [f"episode_{i} lacks an array"]
            steps = g["actions"].shape[0]
            obs = g["observations"]
            leaves = {"": obs} if isinstance(obs, h5py.Dataset) else dict(obs.items())
            if layout is None:
                layout = sorted(leaves)
            if sorted(leaves) != layout:
                return [f"episode_{i}'s observation keys differ"]
            if any(leaf.shape[0] != steps + 1 for leaf in leaves.values()):
                return [f"episode_{i}: observation rows are not T + 1"]
            if any(g[k].shape[0] != steps for k in MINARI_EPISODE_KEYS):
                return [f"episode_{i}: arrays of different lengths"]
            if steps * (g["actions"].shape[1] if g["actions"].ndim > 1 else 1) > MAX_READ_ELEMENTS:
                return [f"episode_{i} is too large to read"]
    return []


def gen_minari(c):
    """Damaged copies of the Minari fixtures (tools/make_minari_fixtures.py), one per reader rule."""
    def one(name, seed, expect, detail, edit=None, **extra):
        target = c.path(name)
        remove(target)
        shutil.copytree(MINARI_SEEDS / seed, target)
        if edit:
            edit(target / "data")
        c.add(name, "minari", "minari", expect, detail, seed=rel(MINARI_SEEDS / seed), **extra)

    def metadata(edit_json):
        def edit(data):
            meta = json.loads((data / "metadata.json").read_text())
            (data / "metadata.json").write_text(json.dumps(edit_json(meta)))
        return edit

    def episodes(edit_file):
        def edit(data):
            with h5py.File(data / "main_data.hdf5", "r+") as f:
                edit_file(f)
        return edit

    def replace(group, key, values):
        del group[key]
        group.create_dataset(key, data=values, track_times=False)

    def huge(f):
        g = f["episode_0"]
        for key in MINARI_EPISODE_KEYS + ("actions", "observations"):
            if key in g:
                del g[key]
        rows = 10 ** 9
        for key, tail, dtype in (("observations", (3,), "f4"), ("actions", (2,), "f4"), ("rewards", (), "f8"),
                                 ("terminations", (), "bool"), ("truncations", (), "bool")):
            shape = (rows + (key == "observations"),) + tail
            g.create_dataset(key, shape=shape, dtype=dtype, chunks=(1024,) + tail, track_times=False)
        g.attrs["total_steps"] = rows

    hopper, pointgoal, box = "hopper/random-v0", "pointgoal/mixed-v0", "nospec/buffers-v0"
    one("minari-hopper-valid", hopper, "ok", "a copy of fixtures/hopper/random-v0 (Box observations, env_spec Hopper-v5)")
    one("minari-pointgoal-valid", pointgoal, "ok", "a copy of fixtures/pointgoal/mixed-v0: control for the Dict-observation cases")
    one("minari-box-valid", box, "ok", "a copy of fixtures/nospec/buffers-v0 (2 episodes, 7 steps): control for the cases below")
    one("minari-no-data-directory", box, "error", "a dataset folder whose data/ is renamed to dataset/",
        lambda data: data.rename(data.parent / "dataset"))
    one("minari-metadata-missing", box, "error", "data/ holds main_data.hdf5 but no metadata.json",
        lambda data: (data / "metadata.json").unlink())
    one("minari-metadata-malformed", box, "error", "metadata.json cut in the middle of a string",
        lambda data: (data / "metadata.json").write_text((data / "metadata.json").read_text()[:300]))
    one("minari-metadata-not-object", box, "error", "metadata.json is the JSON array [1, 2]",
        lambda data: (data / "metadata.json").write_text("[1, 2]"))
    one("minari-metadata-no-total-steps", box, "error", "metadata.json without total_steps",
        metadata(lambda m: {k: v for k, v in m.items() if k != "total_steps"}))
    one("minari-storage-arrow", box, "error", "metadata.json says data_format 'arrow' (minari's other storage)",
        metadata(lambda m: {**m, "data_format": "arrow"}))
    one("minari-metadata-counts-wrong", box, "ok", "metadata.json says 3 episodes and 8 steps; the file holds 2 and 7 (a warning)",
        metadata(lambda m: {**m, "total_episodes": 3, "total_steps": 8}), expect_warning="metadata.json says 3 episodes")
    one("minari-main-data-not-hdf5", box, "error", "main_data.hdf5 is a text file",
        lambda data: (data / "main_data.hdf5").write_text("not an HDF5 file\n"))
    one("minari-episode-gap", box, "error", "episode_1 renamed to episode_5: episodes 0 and 5",
        episodes(lambda f: f.move("episode_1", "episode_5")))
    one("minari-observation-rows-t", box, "error", "episode_1's observations have T rows instead of T + 1",
        episodes(lambda f: replace(f["episode_1"], "observations", f["episode_1/observations"][:-1])))
    one("minari-actions-short", box, "error", "episode_0's actions have T - 1 rows",
        episodes(lambda f: replace(f["episode_0"], "actions", f["episode_0/actions"][:-1])))
    one("minari-dict-keys-differ", pointgoal, "error", "episode_2 has no observations/desired_goal",
        episodes(lambda f: f["episode_2/observations"].__delitem__("desired_goal")))
    one("minari-total-steps-attribute", box, "ok", "episode_0@total_steps is 99 while its arrays hold its real length (a warning)",
        episodes(lambda f: f["episode_0"].attrs.__setitem__("total_steps", 99)), expect_warning="episode_0@total_steps is 99")
    one("minari-nan-reward", box, "ok", "episode_1's first reward is NaN (a warning; iql-train refuses it)",
        episodes(lambda f: replace(f["episode_1"], "rewards", np.concatenate([[np.nan], f["episode_1/rewards"][1:]]))),
        expect_warning="NaN", expect_training="error")
    one("minari-huge-episode", box, "error", "episode_0's arrays declare 10^9 steps (chunked, nothing stored; reading needs ~24 GB)",
        episodes(huge))
    for k in range(2):
        def flip(data, k=k):
            path = data / "main_data.hdf5"
            raw = path.read_bytes()
            flipped, _ = flip_bytes(raw, stable_rng("minari-flip", k), 12, metadata_offsets(len(raw), data_ranges(path)))
            path.write_bytes(flipped)
        one(f"minari-flip-{k}", box, "either", "12 random bytes of main_data.hdf5's metadata XORed", flip)


# --- iql-sweep files -----------------------------------------------------------

SWEEP_KEYS = ("name", "output", "datasets", "algorithms", "seeds", "flags", "grid")
SWEEP_RESERVED = ("algorithm", "seed", "output", "threads", "resume", "overwrite")
SWEEP_MAX_RUNS = 100_000


def sweep_problems(path):
    """What an independent reading of the README's sweep-file rules finds wrong (empty: plan must
    accept it). Datasets are relative to the file; flag values are not judged here (iql-train does)."""
    try:
        doc = json.loads(Path(path).read_bytes())
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        return [f"not JSON ({error.__class__.__name__})"]
    if not isinstance(doc, dict):
        return ["not an object"]
    unknown = [k for k in doc if k not in SWEEP_KEYS]
    if unknown:
        return [f"unknown key {unknown[0]}"]
    datasets = doc.get("datasets")
    if not isinstance(datasets, list) or not datasets or not all(isinstance(d, str) for d in datasets):
        return ["datasets must be a non-empty list of strings"]
    places = [Path(path).parent / d for d in datasets]
    if any(not (p.is_file() or (p / "data" / "metadata.json").is_file()) for p in places):
        return ["a dataset is neither a file nor a Minari dataset directory"]
    seeds = doc.get("seeds", [0])
    if not isinstance(seeds, list) or not seeds or not all(type(x) is int and 0 <= x < 2 ** 63 for x in seeds) \
            or len(set(seeds)) != len(seeds):
        return ["seeds must be distinct integers >= 0"]
    grid, flags = doc.get("grid", {}), doc.get("flags", {})
    if not isinstance(grid, dict) or not isinstance(flags, dict) or not all(isinstance(v, list) and v for v in grid.values()):
        return ["flags and grid must be objects, grid values non-empty lists"]
    if any(k in SWEEP_RESERVED for k in list(flags) + list(grid)):
        return ["a reserved flag"]
    count = len(datasets) * len(doc.get("algorithms", ["iql"])) * len(seeds) * math.prod(len(v) for v in grid.values())
    if count > SWEEP_MAX_RUNS:
        return [f"{count} runs"]
    return []


def gen_sweeps(c):
    """Hostile iql-sweep files; their datasets are relative to the corpus folder, as the files are read."""
    def fixture(name):
        return os.path.relpath(FIXTURES / "d4rl" / name, c.out.resolve())

    base = {"datasets": [fixture("hopper-medium-v2-mini.hdf5")], "algorithms": ["iql", "bc"], "seeds": [0, 1],
            "flags": {"steps": 10, "hidden-dims": "8,8"}}

    def one(name, expect, detail, text, kind="sweep"):
        c.path(name).write_bytes(text if isinstance(text, bytes) else text.encode())
        c.add(name, kind, "sweep", expect, detail)

    def edited(**changes):
        return json.dumps({**base, **changes})

    one("sweep-valid.json", "ok", "a valid sweep of the mini hopper fixture (control)", json.dumps(base))
    one("sweep-binary.json", "error", "512 random bytes", stable_rng("sweep-binary").integers(0, 256, 512, dtype=np.uint8).tobytes())
    one("sweep-nested.json", "error", "100,000 nested arrays as 'datasets'", '{"datasets": ' + "[" * 100_000 + "]" * 100_000 + "}")
    one("sweep-seed-huge.json", "error", "a seed of 10^30", edited(seeds=[10 ** 30]))
    one("sweep-seed-float.json", "error", "a seed of 1.5", edited(seeds=[1.5]))
    one("sweep-grid-explosion.json", "error", "a grid of 1000 × 1000 × 1000 values (10^9 × 4 runs)",
        edited(grid={k: list(range(1000)) for k in ("temperature", "expectile", "discount")}))
    one("sweep-dataset-missing.json", "error", "a dataset path that does not exist", edited(datasets=[fixture("nowhere.hdf5")]))
    one("sweep-dataset-directory.json", "error", "a dataset that is a directory without data/", edited(datasets=[fixture("")]))
    one("sweep-flags-array.json", "error", "'flags' is a list", edited(flags=[1, 2]))
    one("sweep-reserved-flag.json", "error", "flags.threads set", edited(flags={"threads": 2}))
    one("sweep-null-dataset.json", "error", "a null dataset", edited(datasets=[None]))
    one("sweep-unknown-key.json", "error", "an unknown key 'seed'", edited(seed=3))
    one("sweep-bad-flag.json", "error", "flags.expectile 1.5, which iql-train rejects", edited(flags={"expectile": 1.5}), kind="sweep-flag")
    one("sweep-unknown-flag.json", "error", "a flag iql-train does not have", edited(flags={"no-such-flag": 1}), kind="sweep-flag")



# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------

# Written only with --extended: variations of failure paths the default corpus already covers,
# left out of the committed corpus to keep it near 150 files.
EXTENDED = {
    "checkpoint-seed-rewritten-earliest.h5", "checkpoint-attr-version-string.h5", "checkpoint-attr-format-int.h5",
    "checkpoint-attr-content-hash-int.h5", "checkpoint-attr-hidden-dims-strings.h5", "checkpoint-attr-flag-string.h5",
    "checkpoint-unknown-reward-transform.h5", "checkpoint-missing-config.h5", "checkpoint-missing-second-moment.h5",
    "checkpoint-moment-2d.h5", "checkpoint-tensor-string.h5", "checkpoint-action-dim-zero.h5",
    "checkpoint-max-episode-steps-negative.h5", "checkpoint-nan-log-std.h5", "checkpoint-normalizer-zero-std.h5",
    "policy-bias-mismatch.h5", "policy-missing-layer2.h5", "policy-nan-log-std.h5", "policy-kernel-string.h5",
    "dtype-obs-opaque.hdf5", "dtype-obs-references.hdf5", "dtype-obs-vlen-float.hdf5", "dtype-obs-uint8.hdf5",
    "shape-terminals-2d-n2.hdf5", "rows-mismatch-terminals.hdf5", "rows-mismatch-next-obs.hdf5",
    "links-hard-root.hdf5", "links-external-observations.hdf5", "links-external-target.hdf5",
    "html-error-page.hdf5", "signature-only.hdf5", "missing-all-keys.hdf5", "nonfinite-next-observations.hdf5",
    "truncate-ant-v4-dynamics-first-chunk.hdf5", "truncate-halfcheetah-v4-dynamics-first-chunk.hdf5",
    "truncate-walker2d-v4-dynamics-first-chunk.hdf5", "checkpoint-attr-step-float.h5",
    "checkpoint-missing-optimizers.h5", "nonfinite-rewards.hdf5", "empty-attrs-dataset.hdf5",
    "checkpoint-attr-observation-dim-array.h5", "checkpoint-hidden-dims-huge.h5", "policy-kernel-1d.h5",
    "dtype-terminals-uint8-values.hdf5", "rows-mismatch-timeouts.hdf5", "sparse-obs-none-written.hdf5",
    "chunks-larger-than-data.hdf5", "trailing-junk.hdf5", "filters-shuffle-fletcher32.hdf5",
    "checkpoint-attr-step-empty.h5", "policy-float64.h5", "empty-scalar-observations.hdf5",
    "sparse-obs-unfiltered-columns.hdf5",
}


class Corpus:
    def __init__(self, out, seeds, extended=False):
        self.out = Path(out)
        self.seeds = Path(seeds)
        self.extended = extended
        self.entries = {}

    def path(self, name):
        return self.out / name

    def add(self, name, kind, input, expect, detail, **extra):
        assert name not in self.entries, name
        assert input in ("dataset", "checkpoint", "sac-checkpoint", "policy", "sac-policy", "minari", "sweep") and expect in ("ok", "error", "either")
        assert (self.out / name).exists(), name
        if name in EXTENDED and not self.extended:
            remove(self.out / name)
            return
        self.entries[name] = {"file": name, "kind": kind, "input": input, "expect": expect, "detail": detail, **extra}


# --- declared sizes that lie ------------------------------------------------

def sentinel_obs(rows, cols):
    """A writer for a contiguous float32 `observations` of sentinel shape (rows, cols)."""
    def write(f, key):
        contiguous(f, key, (np.arange(rows * cols, dtype=np.float32).reshape(rows, cols) / 100))
    return write


def gen_sizes(c):
    name = "size-chunked-obs-1e9x11.hdf5"

    def huge_chunked(f, key):
        f.create_dataset(key, shape=(1_000_000_000, 11), dtype="f4", chunks=(1024, 11), compression="gzip",
                         track_times=False)
    write_d4rl(c.path(name), replace={"observations": huge_chunked})
    c.add(name, "size-lie", "dataset", "error",
          "observations declared (1e9, 11) float32, chunked gzip, no chunk ever written (44 GB of fill values); "
          "the other keys have 32 rows", reason="row counts differ; the declared array cannot be held in memory")

    name = "size-chunked-all-1e9.hdf5"

    def huge(f, key, shape_tail, dtype):
        f.create_dataset(key, shape=(1_000_000_000,) + shape_tail, dtype=dtype, chunks=(4096,) + shape_tail,
                         compression="gzip", track_times=False)
    repl = {"observations": lambda f, k: huge(f, k, (11,), "f4"), "actions": lambda f, k: huge(f, k, (3,), "f4"),
            "rewards": lambda f, k: huge(f, k, (), "f4"), "terminals": lambda f, k: huge(f, k, (), "?"),
            "timeouts": lambda f, k: huge(f, k, (), "?"), "next_observations": lambda f, k: huge(f, k, (11,), "f4")}
    write_d4rl(c.path(name), replace=repl, drop=("infos/qpos", "infos/qvel"))
    c.add(name, "size-lie", "dataset", "error",
          "every D4RL key declares 1e9 rows (chunked gzip, nothing written): a legal ~100 GB file of fill values",
          reason="too large to load; must be refused cleanly, not by a failed allocation")

    cases = [
        ("size-contiguous-obs-1e9x11.hdf5", (33, 11), (1_000_000_000, 11),
         "contiguous observations whose dataspace was patched from (33, 11) to (1e9, 11); storage still 1452 bytes"),
        ("size-contiguous-obs-2p62x4.hdf5", (33, 4), (1 << 62, 4),
         "contiguous observations patched to (2^62, 4): 2^64 elements, the count wraps to 0 in 64 bits"),
        ("size-contiguous-obs-2p62m1x4.hdf5", (33, 4), ((1 << 62) - 1, 4),
         "contiguous observations patched to (2^62 - 1, 4): the element count fits 64 bits, the byte count does not"),
        ("size-contiguous-obs-overflow-wraps-to-2.hdf5", (33, 3), (0x5555555555555556, 3),
         "contiguous observations patched to (0x5555555555555556, 3): the product of dims is 2^64 + 2, "
         "which wraps to 2"),
        ("size-contiguous-obs-dims-ffff.hdf5", (33, 11), (MASK64, 11),
         "contiguous observations patched to (2^64 - 1, 11), the H5S_UNLIMITED value as a current dimension"),
    ]
    for name, old, new, detail in cases:
        write_d4rl(c.path(name), replace={"observations": sentinel_obs(*old)})
        patch_dims(c.path(name), old, new)
        c.add(name, "size-lie", "dataset", "error", detail, patched_dims=[str(d) for d in new])

    name = "size-chunked-obs-2p62x4.hdf5"

    def chunked_sentinel(f, key):
        f.create_dataset(key, data=np.arange(33 * 4, dtype=np.float32).reshape(33, 4), chunks=(16, 4),
                         compression="gzip", track_times=False)
    write_d4rl(c.path(name), replace={"observations": chunked_sentinel})
    patch_dims(c.path(name), (33, 4), (1 << 62, 4))
    c.add(name, "size-lie", "dataset", "error",
          "chunked gzip observations (3 chunks written) patched from (33, 4) to (2^62, 4)",
          patched_dims=[str(1 << 62), "4"])

    name = "size-rewards-2p63.hdf5"

    def rewards_sentinel(f, key):
        contiguous(f, key, np.arange(33 * 2, dtype=np.float32).reshape(33, 2)[:, 0].copy().reshape(33, 1))
    write_d4rl(c.path(name), replace={"rewards": rewards_sentinel})
    patch_dims(c.path(name), (33, 1), (1 << 63, 1))
    c.add(name, "size-lie", "dataset", "error",
          "contiguous rewards patched from (33, 1) to (2^63, 1): the row count does not fit a signed 64-bit Int",
          patched_dims=[str(1 << 63), "1"])

    name = "size-attribute-2p40x3.hdf5"

    def edit(f):
        f.attrs["huge"] = np.arange(37 * 3, dtype=np.float64).reshape(37, 3)
    write_d4rl(c.path(name), edit=edit)
    patch_dims(c.path(name), (37, 3), (1 << 40, 3))
    c.add(name, "size-lie", "dataset", "ok",
          "root attribute @huge float64 patched from (37, 3) to (2^40, 3) (24 TB declared, 888 bytes stored); "
          "the D4RL keys are intact", patched_dims=[str(1 << 40), "3"], expect_tree="warn",
          note="libhdf5 (1.10 and 2.0) cannot even iterate the root's attributes; like a damaged header, the "
               "tree should warn and the summary still work")


# --- empty attributes, null dataspaces, zero-length arrays ---------------------

def gen_empty(c):
    name = "empty-attrs-root.hdf5"

    def edit(f):
        f.attrs["empty_f8"] = h5py.Empty("f8")
        f.attrs["empty_s5"] = h5py.Empty("S5")
        f.attrs["empty_i4"] = h5py.Empty("i4")
    write_d4rl(c.path(name), edit=edit)
    c.add(name, "empty-attribute", "dataset", "ok",
          "root attributes with a null dataspace: h5py.Empty('f8'), Empty('S5'), Empty('i4')")

    name = "empty-attrs-dataset.hdf5"

    def edit(f):
        for obj in (f["observations"], f["metadata"], f["metadata/algorithm"]):
            obj.attrs["empty_f8"] = h5py.Empty("f8")
            obj.attrs["empty_s5"] = h5py.Empty("S5")
            obj.attrs["empty_i4"] = h5py.Empty("i4")
    write_d4rl(c.path(name), edit=edit)
    c.add(name, "empty-attribute", "dataset", "ok",
          "null-dataspace attributes Empty('f8'/'S5'/'i4') on /observations, /metadata and /metadata/algorithm")

    name = "empty-metadata-scalars.hdf5"

    def edit(f):
        f.create_dataset("metadata/algorithm", data=h5py.Empty("S4"), track_times=False)
        f.create_dataset("metadata/iteration", data=h5py.Empty("f8"), track_times=False)
        f.create_dataset("metadata/policy/nonlinearity", data=h5py.Empty("i4"), track_times=False)
    write_d4rl(c.path(name), drop=("metadata/algorithm", "metadata/iteration"), edit=edit)
    c.add(name, "empty-dataset", "dataset", "ok",
          "metadata/algorithm = Empty('S4'), metadata/iteration = Empty('f8'), "
          "metadata/policy/nonlinearity = Empty('i4'): null-dataspace datasets")

    name = "empty-zero-rows.hdf5"
    arrays = {k: v[:0] for k, v in base_arrays().items()}

    def z(f, key):
        data = arrays[key]
        f.create_dataset(key, data=data, chunks=(16,) + data.shape[1:], maxshape=(None,) + data.shape[1:],
                         compression="gzip", track_times=False)
    write_d4rl(c.path(name), arrays=arrays, replace={k: z for k in arrays if not k.startswith("infos")})
    c.add(name, "zero-length", "dataset", "ok",
          "every array has 0 rows: observations (0, 11), actions (0, 3), rewards/terminals/timeouts (0,); "
          "chunked gzip, resizable; nothing to train on", expect_training="error")

    name = "empty-zero-length-extras.hdf5"

    def edit(f):
        contiguous(f, "infos/empty", np.zeros(0, np.float32))
        contiguous(f, "infos/empty_2d", np.zeros((0, 11), np.float32))
        f.create_dataset("infos/empty_chunked", shape=(0, 11), dtype="f4", chunks=(8, 11), maxshape=(None, 11),
                         compression="gzip", track_times=False)
        contiguous(f, "infos/empty_strings", np.zeros(0, "S5"))
        f["infos"].attrs["zero_length"] = np.zeros(0, np.float64)
    write_d4rl(c.path(name), edit=edit)
    c.add(name, "zero-length", "dataset", "ok",
          "valid base plus zero-length infos/empty (0,), infos/empty_2d (0, 11) contiguous and chunked, "
          "an empty string array and a zero-length attribute")

    name = "empty-null-observations.hdf5"
    write_d4rl(c.path(name), replace={"observations": lambda f, k: f.create_dataset(
        k, data=h5py.Empty("f4"), track_times=False)})
    c.add(name, "empty-dataset", "dataset", "error", "observations is a null-dataspace float32 dataset")

    name = "empty-scalar-observations.hdf5"
    write_d4rl(c.path(name), replace={"observations": lambda f, k: contiguous(f, k, np.float32(1.5))})
    c.add(name, "dtype-swap", "dataset", "error", "observations is a scalar float32 dataset (shape ())")


# --- link cycles and unresolvable links -------------------------------------

def gen_links(c):
    def one(name, detail, edit, **extra):
        write_d4rl(c.path(name), edit=edit)
        kind = "link-dangling" if "dangling" in name or "missing" in name else "link-cycle"
        c.add(name, "link-mixed" if "all" in name else kind, "dataset", "ok", detail, **extra)

    def hard(f):
        f.create_group("infos/a/b")
        f["infos/a/b/loop"] = f["infos/a"]
    one("links-hard-cycle.hdf5", "infos/a/b/loop is a hard link to infos/a (a directory cycle)", hard)

    def hard_root(f):
        f["infos/root"] = f["/"]
    one("links-hard-root.hdf5", "infos/root is a hard link to the root group", hard_root)

    def soft_root(f):
        f["infos/up"] = h5py.SoftLink("/")
    one("links-soft-root.hdf5", "infos/up is a soft link to /", soft_root)

    def soft_parent(f):
        f.create_group("infos/a")
        f["infos/a/parent"] = h5py.SoftLink("/infos")
    one("links-soft-parent-cycle.hdf5", "infos/a/parent is a soft link to /infos", soft_parent)

    def ext_self(f):
        f["infos/self"] = h5py.ExternalLink("links-external-self.hdf5", "/")
    one("links-external-self.hdf5", "infos/self is an external link to this same file's root", ext_self)

    def dangling(f):
        f["infos/dangling"] = h5py.SoftLink("/no/such/object")
    one("links-dangling-soft.hdf5", "infos/dangling is a soft link to a path that does not exist", dangling)

    def ext_missing(f):
        f["infos/external"] = h5py.ExternalLink("no-such-file-in-fuzz-corpus.h5", "/data")
    one("links-external-missing.hdf5", "infos/external is an external link into a file that does not exist",
        ext_missing)

    def everything(f):
        f.create_group("infos/a/b")
        f["infos/a/b/loop"] = f["infos/a"]
        f["infos/up"] = h5py.SoftLink("/")
        f["infos/a/parent"] = h5py.SoftLink("/infos")
        f["infos/self"] = h5py.ExternalLink("links-all-under-infos.hdf5", "/")
        f["infos/dangling"] = h5py.SoftLink("/no/such/object")
        f["infos/external"] = h5py.ExternalLink("no-such-file-in-fuzz-corpus.h5", "/data")
        f["metadata/loop"] = f["/"]
    one("links-all-under-infos.hdf5", "all of the above at once under infos/, plus metadata/loop -> / (hard)",
        everything)

    # links at the D4RL keys themselves
    name = "links-soft-observations.hdf5"

    def soft_obs(f, key):
        gz(f, "data/observations", base_arrays()["observations"])
        f[key] = h5py.SoftLink("/data/observations")
    write_d4rl(c.path(name), replace={"observations": soft_obs})
    c.add(name, "link-data", "dataset", "ok", "observations is a soft link to /data/observations (which exists)")

    name = "links-dangling-observations.hdf5"
    write_d4rl(c.path(name), replace={"observations": lambda f, k: f.__setitem__(k, h5py.SoftLink("/data/gone"))})
    c.add(name, "link-dangling", "dataset", "error", "observations is a dangling soft link")

    name = "links-external-observations.hdf5"
    target = "links-external-target.hdf5"
    with new_file(c.path(target)) as f:
        gz(f, "observations", base_arrays()["observations"])
    c.add(target, "link-data", "dataset", "error",
          "target of links-external-observations: only /observations (no other D4RL key)")
    write_d4rl(c.path(name), replace={"observations": lambda f, k: f.__setitem__(
        k, h5py.ExternalLink(target, "/observations"))})
    c.add(name, "link-data", "dataset", "ok",
          f"observations is an external link to {target}:/observations (resolved beside this file)")

    name = "links-observations-cycle.hdf5"

    def obs_cycle(f, key):
        f["observations"] = h5py.SoftLink("/loop_b")
        f["loop_b"] = h5py.SoftLink("/observations")
    write_d4rl(c.path(name), replace={"observations": obs_cycle})
    c.add(name, "link-cycle", "dataset", "error", "observations -> /loop_b -> /observations (soft-link cycle)")


# --- damaged object headers and group structures ----------------------------

def gen_damaged(c):
    def damage(name, target, how, detail, expect, **extra):
        write_d4rl(c.path(name))
        data = bytearray(c.path(name).read_bytes())
        addr = object_address(c.path(name), target)
        how(data, addr)
        c.path(name).write_bytes(bytes(data))
        c.add(name, "damaged-metadata", "dataset", expect, detail, damaged_object="/" + target, **extra)

    def garbage(data, addr):
        data[addr:addr + 16] = b"\xff" * 16

    damage("damaged-infos-header.hdf5", "infos", garbage,
           "valid D4RL file whose infos/ group object header (first 16 bytes) is overwritten with 0xff; "
           "the D4RL keys are intact", "ok", expect_tree="warn", tree_mentions=["/infos"])
    damage("damaged-infos-qpos-header.hdf5", "infos/qpos", garbage,
           "valid D4RL file whose infos/qpos dataset object header is overwritten with 0xff", "ok",
           expect_tree="warn", tree_mentions=["/infos/qpos"])
    damage("damaged-observations-header.hdf5", "observations", garbage,
           "the observations dataset object header is overwritten with 0xff", "error", expect_tree="warn",
           tree_mentions=["/observations"])

    def symbol_table(data, addr):
        for mtype, off, _ in v1_header_messages(data, addr):
            if mtype == 0x11:
                return struct.unpack_from("<QQ", data, off)
        raise RuntimeError("no symbol table message")

    def btree(data, addr):
        tree, _ = symbol_table(data, addr)
        assert data[tree:tree + 4] == b"TREE"
        data[tree + 4:tree + 8] = b"\x07\x09\xff\xff"     # node type 7, level 9, 65535 entries
    damage("damaged-infos-btree.hdf5", "infos", btree,
           "infos/ group B-tree node header claims type 7, level 9 and 65535 entries", "ok", expect_tree="warn",
           tree_mentions=["/infos"])

    def heap(data, addr):
        _, local_heap = symbol_table(data, addr)
        assert data[local_heap:local_heap + 4] == b"HEAP"
        data_size, _, data_addr = struct.unpack_from("<QQQ", data, local_heap + 8)
        data[data_addr:data_addr + data_size] = b"\xff" * data_size   # link names: no terminating NUL
    damage("damaged-infos-heap.hdf5", "infos", heap,
           "infos/ group local heap (its link names) filled with 0xff: names without a terminating NUL", "ok",
           expect_tree="warn", tree_mentions=["/infos"])

    def snod(data, addr):
        tree, _ = symbol_table(data, addr)
        child = struct.unpack_from("<Q", data, tree + 24 + 8)[0]
        assert data[child:child + 4] == b"SNOD"
        struct.pack_into("<Q", data, child + 8 + 8, 0x0FFFFFFFFFFFFFF0)   # first entry's header address
    damage("damaged-infos-link-address.hdf5", "infos", snod,
           "the first link of infos/ (symbol-table node entry) points at address 0x0ffffffffffffff0, past EOF",
           "ok", expect_tree="warn", tree_mentions=["/infos"])

    def root_heap(data, addr):
        _, local_heap = symbol_table(data, addr)
        data[local_heap:local_heap + 4] = b"PAEH"
    damage("damaged-root-heap-signature.hdf5", "/", root_heap,
           "the root group's local heap signature is corrupted (HEAP -> PAEH)", "error", expect_tree="either",
           note="h5py 3.16 (HDF5 2.0) refuses to open the file; libhdf5 1.10 opens it but cannot list the root: "
                "--any-hdf5 may show an empty tree with a warning or fail with one error line")

    # Single-byte damage inside header messages and the global heap. Each of these was found by
    # XORing every byte of the base file's headers with 0xff and running d4rl-inspect on it:
    # they crashed or hung it (in libhdf5 1.10.8 or in our Swift layer) while h5py (HDF5 2.0)
    # reports a clean error or reads the file.
    # libhdf5 1.10.8 (Debian 12) itself crashes or loops on these; the tools turn that into one
    # Error line (CLibraryGuard), so only a clean outcome is required of them.
    LIBHDF5_110 = ("libhdf5 1.10.8 crashes or loops reading it: the tools end with one 'Error: ... libhdf5 "
                   "crashed reading it' (or 'did not finish') line and status 1")

    def message_byte(mtype, offset, from_end=False):
        def how(data, addr):
            for t, off, size in v1_header_messages(data, addr):
                if t == mtype:
                    data[off + (size - offset if from_end else offset)] ^= 0xFF
                    return
            raise RuntimeError(f"no message of type {mtype:#x}")
        return how

    def global_heap_byte(offset):
        def how(data, _):
            heap = data.find(b"GCOL")
            assert heap > 0 and data.find(b"GCOL", heap + 1) < 0
            data[heap + offset] ^= 0xFF
        return how

    damage("damaged-actions-storage-size.hdf5", "actions", message_byte(0x08, 17),
           "the top byte of the contiguous storage size in actions' layout message XORed with 0xff "
           "(the size claims ~2^64 bytes for 384 bytes of data)", "either",
           note="h5py (HDF5 2.0) ignores the size and reads the values; refusing the implausible size with "
                "one error line is as good; it must not trap")
    damage("damaged-enum-size.hdf5", "terminals", message_byte(0x03, 4),
           "the element size of terminals' bool enum datatype XORed with 0xff (1 -> 254 bytes, over an "
           "int8 base type)", "error")
    damage("damaged-enum-base-size.hdf5", "terminals", message_byte(0x03, 12),
           "the size of the base type inside terminals' bool enum datatype XORed with 0xff", "error",
           expect_tree="either", note=LIBHDF5_110)
    damage("damaged-attribute-datatype-size.hdf5", "/", message_byte(0x0C, 5),
           "the high byte of the datatype size field in the root's @source attribute message XORed with 0xff",
           "either", expect_tree="either",
           note="h5py reads the attribute anyway; libhdf5 1.10.8 overruns while iterating the attributes. " + LIBHDF5_110)
    damage("damaged-attribute-heap-index.hdf5", "/", message_byte(0x0C, 3, from_end=True),
           "the global-heap object index of the root's vlen @source attribute corrupted (byte 3 from the end of "
           "the attribute message XORed with 0xff)", "either", expect_tree="either",
           note="the D4RL keys are intact; h5py refuses the attribute with 'bad heap index'. " + LIBHDF5_110)
    damage("damaged-global-heap-object-size-low.hdf5", "/", global_heap_byte(24),
           "the low byte of the first object's size in the global heap collection (GCOL, holding the vlen "
           "@source) XORed with 0xff", "either", expect_tree="either",
           note="the D4RL keys are intact; h5py refuses the attribute; libhdf5 1.10.8's heap decoder loops. " + LIBHDF5_110)
    damage("damaged-global-heap-object-size-high.hdf5", "/", global_heap_byte(28),
           "byte 4 of the first object's size in the global heap collection XORed with 0xff", "either",
           expect_tree="either", note="the D4RL keys are intact; h5py refuses the attribute. " + LIBHDF5_110)


# --- unusual but legal float layouts ----------------------------------------

def custom_float(ebias=None, fields=None, order=h5py.h5t.ORDER_LE):
    t = h5py.h5t.IEEE_F32LE.copy()
    if fields:
        t.set_fields(*fields)
    if ebias is not None:
        t.set_ebias(ebias)
    t.set_order(order)
    return t


def lowlevel_dataset(f, key, ftype, data, chunks=None, gzip=None):
    """Creates `key` with file type `ftype` and writes `data` (float64, converted by libhdf5)."""
    data = np.ascontiguousarray(data, np.float64)
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_obj_track_times(False)
    if chunks:
        dcpl.set_chunk(chunks)
    if gzip is not None:
        dcpl.set_deflate(gzip)
    parent, _, leaf = key.rpartition("/")
    group = f.require_group(parent) if parent else f
    space = h5py.h5s.create_simple(data.shape)
    ds = h5py.h5d.create(group.id, leaf.encode(), ftype, space, dcpl=dcpl)
    ds.write(h5py.h5s.ALL, h5py.h5s.ALL, data)


def gen_floats(c):
    b = base_arrays()
    name = "float-custom-ebias-gzip.hdf5"
    write_d4rl(c.path(name), replace={"observations": lambda f, k: lowlevel_dataset(
        f, k, custom_float(ebias=120), b[k], chunks=(8, 11), gzip=4)})
    c.add(name, "float-layout", "dataset", "ok",
          "observations in a 32-bit float type with IEEE fields but exponent bias 120 (not 127), "
          "chunked (8, 11) gzip(4); values must come out as h5py reads them")

    name = "float-custom-fields-gzip.hdf5"
    t = lambda: custom_float(ebias=63, fields=(31, 24, 7, 0, 24))
    write_d4rl(c.path(name), replace={
        "observations": lambda f, k: lowlevel_dataset(f, k, t(), b[k], chunks=(8, 11), gzip=4),
        "rewards": lambda f, k: lowlevel_dataset(f, k, t(), b[k])})
    c.add(name, "float-layout", "dataset", "ok",
          "observations (chunked (8, 11) gzip) and rewards (contiguous) in a 32-bit float with a 7-bit exponent "
          "(bits 24-30, bias 63) and a 24-bit mantissa")

    name = "float-custom-ebias-big-endian.hdf5"
    write_d4rl(c.path(name), replace={"actions": lambda f, k: lowlevel_dataset(
        f, k, custom_float(ebias=100, order=h5py.h5t.ORDER_BE), b[k], chunks=(16, 3), gzip=4)})
    c.add(name, "float-layout", "dataset", "ok", "actions in a big-endian 32-bit float with exponent bias 100, "
          "chunked gzip")

    for dtype, label, chunked, how in ((">f4", "f4", ("observations", "actions", "rewards"),
                                        "observations, actions and rewards chunked gzip, the rest contiguous"),
                                       (">f8", "f8-contiguous", (), "contiguous, uncompressed")):
        name = f"float-big-endian-{label}.hdf5"
        arrays = {k: (v.astype(dtype) if v.dtype.kind == "f" else v) for k, v in b.items()}
        write_d4rl(c.path(name), arrays=arrays, chunked=chunked)
        c.add(name, "float-layout", "dataset", "ok", f"every float array stored big-endian {dtype}; {how}")

    name = "float-half-f2.hdf5"
    arrays = {k: (v.astype("<f2") if k in ("observations", "actions", "rewards", "next_observations") else v)
              for k, v in b.items()}
    write_d4rl(c.path(name), arrays=arrays, chunked=("observations", "actions"))
    c.add(name, "float-layout", "dataset", "ok",
          "observations, actions, rewards and next_observations stored as 16-bit IEEE floats (<f2); observations "
          "and actions chunked gzip")

    name = "float-half-big-endian-contiguous.hdf5"
    arrays = {k: (v.astype(">f2") if k in ("observations", "rewards") else v) for k, v in b.items()}
    write_d4rl(c.path(name), arrays=arrays, chunked=())
    c.add(name, "float-layout", "dataset", "ok", "observations and rewards as big-endian >f2, contiguous")


# --- NaN and ±Inf --------------------------------------------------------------

def gen_nonfinite(c):
    b = base_arrays()
    name = "nonfinite-flags-f32.hdf5"
    term = b["terminals"].astype(np.float32)
    tout = b["timeouts"].astype(np.float32)
    term[[3, 9, 27]] = [np.nan, np.inf, -np.inf]
    tout[[5, 30]] = [np.nan, -np.inf]
    write_d4rl(c.path(name), replace={"terminals": term, "timeouts": tout})
    c.add(name, "non-finite", "dataset", "ok",
          "terminals and timeouts stored as float32 holding NaN, +Inf and -Inf (terminals rows 3, 9, 27; "
          "timeouts rows 5, 30) next to 0/1", note="non-zero means set in D4RL's bool(); NaN flags deserve a warning")

    def poisoned(key, rows, cols=None):
        a = b[key].copy()
        vals = [np.nan, np.inf, -np.inf]
        for i, r in enumerate(rows):
            if a.ndim == 2:
                a[r, (cols or [0])[i % len(cols or [0])]] = vals[i % 3]
            else:
                a[r] = vals[i % 3]
        return a
    for key, rows, cols in (("observations", [0, 4, 31], [2, 10, 0]), ("actions", [1, 2, 30], [0, 1, 2]),
                            ("rewards", [7, 8, 9], None), ("next_observations", [31], [5])):
        name = f"nonfinite-{key.replace('_', '-')}.hdf5"
        write_d4rl(c.path(name), replace={key: poisoned(key, rows, cols)})
        c.add(name, "non-finite", "dataset", "ok",
              f"{key} holds NaN/+Inf/-Inf at rows {rows}: the inspector counts them, training must refuse",
              expect_training="error")

    name = "nonfinite-all-nan-observations.hdf5"
    write_d4rl(c.path(name), replace={"observations": np.full((BASE_ROWS, 11), np.nan, np.float32),
                                      "next_observations": np.full((BASE_ROWS, 11), np.inf, np.float32)})
    c.add(name, "non-finite", "dataset", "ok",
          "every observation is NaN and every next observation +Inf (no finite value to take statistics of)",
          expect_training="error")

    name = "nonfinite-rewards-f64-extremes.hdf5"
    r = b["rewards"].astype(np.float64)
    r[[0, 1, 2, 3]] = [1e300, -1e300, 5e-324, 3.5e38]
    write_d4rl(c.path(name), replace={"rewards": r})
    c.add(name, "non-finite", "dataset", "ok",
          "float64 rewards 1e300, -1e300, 5e-324 and 3.5e38 (finite in float64; 1e300 and 3.5e38 overflow "
          "float32 to ±Inf when converted)", expect_training="error",
          note="the float32 conversion of these rewards is ±Inf/0")


# --- chunked datasets with chunks never written -----------------------------

def gen_sparse(c):
    b = base_arrays()

    def sparse(key, chunk_rows, written, fill, compression="gzip", dtype=None, cols_chunk=None):
        def write(f, k):
            data = b[k] if dtype is None else b[k].astype(dtype)
            chunks = (chunk_rows,) + ((cols_chunk or data.shape[1],) if data.ndim == 2 else ())
            ds = f.create_dataset(k, shape=data.shape, dtype=data.dtype, chunks=chunks, fillvalue=fill,
                                  compression=compression, track_times=False)
            for ci in written:
                rows = slice(ci * chunk_rows, (ci + 1) * chunk_rows)
                ds[rows] = data[rows]
        return write

    name = "sparse-obs-gzip-fill.hdf5"
    write_d4rl(c.path(name), replace={"observations": sparse("observations", 4, [0, 2, 5, 7], -7.5)})
    c.add(name, "sparse-chunks", "dataset", "ok",
          "observations chunked (4, 11) gzip with fill value -7.5; only chunks 0, 2, 5 and 7 of 8 were written")

    name = "sparse-obs-unfiltered-columns.hdf5"
    write_d4rl(c.path(name), replace={"observations": sparse("observations", 8, [1, 3], 0.0, compression=None,
                                                             cols_chunk=4)})
    c.add(name, "sparse-chunks", "dataset", "ok",
          "observations chunked (8, 4), unfiltered, default fill 0; only the row-chunks 1 and 3 were written "
          "(all three column chunks each)")

    name = "sparse-obs-none-written.hdf5"
    write_d4rl(c.path(name), replace={"observations": sparse("observations", 8, [], 0.25)})
    c.add(name, "sparse-chunks", "dataset", "ok",
          "observations chunked (8, 11) gzip with fill value 0.25, no chunk written: every value is 0.25")

    name = "sparse-flags-bool.hdf5"
    ends = [i for i in range(BASE_ROWS) if b["terminals"][i] or b["timeouts"][i]]
    chunk = ends[0] // 8
    write_d4rl(c.path(name), replace={"terminals": sparse("terminals", 8, [chunk], False),
                                      "timeouts": sparse("timeouts", 8, [], False),
                                      "rewards": sparse("rewards", 8, [0, 3], 1.0)})
    c.add(name, "sparse-chunks", "dataset", "ok",
          f"terminals (bool enum, chunks of 8, only chunk {chunk} written), timeouts (none written) and rewards "
          "(fill 1.0, chunks 0 and 3 written)")

    name = "sparse-obs-fill-nan.hdf5"
    write_d4rl(c.path(name), replace={"observations": sparse("observations", 8, [0, 1, 3], np.nan)})
    c.add(name, "sparse-chunks", "dataset", "ok",
          "observations chunked (8, 11) gzip with fill value NaN, chunk 2 never written (88 NaNs)",
          expect_training="error")


# --- whole-file oddities ----------------------------------------------------------

def chunk_key_positions(data, address, size, rank):
    """Offsets of the v1 B-tree child pointers equal to `address` whose key records `size`."""
    key_bytes = 8 + 8 * (rank + 1)
    pattern, hits, start = struct.pack("<Q", address), [], 0
    while (i := data.find(pattern, start)) >= 0:
        start = i + 1
        if i >= key_bytes and struct.unpack_from("<I", data, i - key_bytes)[0] == size:
            hits.append(i)
    if len(hits) != 1:
        raise RuntimeError(f"chunk at {address} referenced {len(hits)} times")
    return hits[0], hits[0] - key_bytes


def gen_filters(c):
    b = base_arrays()

    def with_obs(**kwargs):
        return {"observations": lambda f, k: f.create_dataset(k, data=b[k], track_times=False, **kwargs)}

    name = "filters-lzf.hdf5"
    write_d4rl(c.path(name), replace=with_obs(chunks=(8, 11), compression="lzf"))
    c.add(name, "filter", "dataset", "ok",
          "observations compressed with h5py's LZF filter (id 32000), which h5py reads but plain libhdf5 has no "
          "decoder for", note="not a D4RL download layout; reading needs an LZF decoder, else a clean error")

    name = "filters-shuffle-fletcher32.hdf5"
    write_d4rl(c.path(name), replace=with_obs(chunks=(8, 11), compression="gzip", compression_opts=9, shuffle=True,
                                              fletcher32=True))
    c.add(name, "filter", "dataset", "ok",
          "observations chunked (8, 11) with shuffle + gzip(9) + fletcher32 checksums (legal, not D4RL's layout)")

    def damage_chunk(name, detail, how, **kwargs):
        write_d4rl(c.path(name), replace=with_obs(**kwargs))
        with h5py.File(c.path(name), "r") as f:
            info = f["observations"].id.get_chunk_info(0)
        data = bytearray(c.path(name).read_bytes())
        how(data, info)
        c.path(name).write_bytes(bytes(data))
        c.add(name, "chunk-damage", "dataset", "error", detail)

    def flip_middle(data, info):
        data[info.byte_offset + info.size // 2] ^= 0xFF
    damage_chunk("chunk-fletcher32-mismatch.hdf5",
                 "observations with fletcher32: one byte in the middle of chunk 0 flipped, the checksum fails",
                 flip_middle, chunks=(8, 11), compression="gzip", fletcher32=True)
    damage_chunk("chunk-corrupt-deflate.hdf5",
                 "observations gzip chunk 0 has one byte flipped in the middle of its deflate stream",
                 flip_middle, chunks=(8, 11), compression="gzip")

    def size_lie(data, info):
        _, key = chunk_key_positions(data, info.byte_offset, info.size, 2)
        struct.pack_into("<I", data, key, 0x7FFFFFFF)
    damage_chunk("chunk-stored-size-2gb.hdf5",
                 "the B-tree key of observations' gzip chunk 0 claims 2^31 - 1 stored bytes (the chunk has "
                 "a few hundred)", size_lie, chunks=(8, 11), compression="gzip")

    def address_past_eof(data, info):
        child, _ = chunk_key_positions(data, info.byte_offset, info.size, 2)
        struct.pack_into("<Q", data, child, 0x7FFFFFFFFFFF)
    damage_chunk("chunk-address-past-eof.hdf5",
                 "the B-tree of observations points chunk 0 at address 0x7fffffffffff, past the end of the file",
                 address_past_eof, chunks=(8, 11), compression="gzip")

    name = "chunks-larger-than-data.hdf5"
    write_d4rl(c.path(name), replace=with_obs(chunks=(64, 16), maxshape=(None, None), compression="gzip"))
    c.add(name, "chunk-shape", "dataset", "ok",
          "observations (32, 11), resizable, in one gzip chunk of shape (64, 16) (larger than the data)")

    name = "chunks-3x4-partial-edges.hdf5"
    write_d4rl(c.path(name), replace=with_obs(chunks=(3, 4), compression="gzip"))
    c.add(name, "chunk-shape", "dataset", "ok",
          "observations (32, 11) in 33 gzip chunks of shape (3, 4): the last row and column chunks are partial")

    name = "names-hostile.hdf5"

    def edit(f):
        contiguous(f, 'infos/quote"back\\slash\nnewline\ttab', np.arange(3, dtype=np.float32))
        contiguous(f, b"infos/bad-utf8-\xff\xfe-name", np.arange(3, dtype=np.float32))
        f.attrs['attr"\n{}'] = "\x1b[31mANSI red\x1b[0m and a \"quote\""
        f.attrs["bad_utf8_bytes"] = np.bytes_(b"caf\xe9 \xff\xfe")
        f.attrs["vlen_bad_utf8"] = np.array(b"ok \xc3\x28 not utf8", dtype=h5py.string_dtype("ascii"))
        f.attrs["compound"] = np.array((1, 2.5), dtype=[("a", "<i4"), ("b", "<f8")])
        f.attrs["long"] = "x" * 10_000
    write_d4rl(c.path(name), edit=edit)
    c.add(name, "names", "dataset", "ok",
          "object and attribute names with quotes, backslashes, newlines, tabs and invalid UTF-8; attribute "
          "values with ANSI escapes, Latin-1 bytes, a compound and a 10 kB string: text and --json must "
          "stay well-formed")

    name = "trailing-junk.hdf5"
    buf = io.BytesIO()
    write_d4rl(buf)
    c.path(name).write_bytes(buf.getvalue() + stable_rng("trailing").bytes(4096))
    c.add(name, "raw-file", "dataset", "ok", "a valid file followed by 4096 random bytes past its end-of-file address")


def gen_raw(c):
    c.path("zero-length.hdf5").write_bytes(b"")
    c.add("zero-length.hdf5", "raw-file", "dataset", "error", "an empty file (0 bytes)")

    c.path("signature-only.hdf5").write_bytes(HDF5_SIGNATURE)
    c.add("signature-only.hdf5", "raw-file", "dataset", "error", "just the 8-byte HDF5 signature")

    rng = stable_rng("random-bytes")
    c.path("random-bytes-signature.hdf5").write_bytes(HDF5_SIGNATURE + rng.bytes(4088))
    c.add("random-bytes-signature.hdf5", "raw-file", "dataset", "error",
          "the HDF5 signature followed by 4088 random bytes")

    buf = io.BytesIO()
    write_d4rl(buf)
    valid = buf.getvalue()
    head = bytearray(valid[:96])
    struct.pack_into("<Q", head, 40, 4096)   # end-of-file address, so libhdf5 goes on to parse
    c.path("random-bytes-superblock.hdf5").write_bytes(bytes(head) + stable_rng("superblock").bytes(4096 - 96))
    c.add("random-bytes-superblock.hdf5", "raw-file", "dataset", "error",
          "a real version-0 superblock (EOF address set to 4096) followed by random bytes: the root object "
          "header, B-tree and heap are noise")

    c.path("text-file.hdf5").write_text(
        "observations,actions,rewards,terminals\n0.1,0.2,0.3,0\nThis is a CSV file, not HDF5.\n")
    c.add("text-file.hdf5", "raw-file", "dataset", "error", "a text (CSV) file named .hdf5")

    c.path("html-error-page.hdf5").write_text(
        "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head><body>Access denied</body></html>\n")
    c.add("html-error-page.hdf5", "raw-file", "dataset", "error",
          "an HTML error page saved as .hdf5 (what a failed download leaves)")

    name = "userblock-512.hdf5"
    write_d4rl(c.path(name), userblock_size=512)
    with open(c.path(name), "r+b") as fh:
        fh.write(b"user block: arbitrary bytes before the superblock\n")
    c.add(name, "raw-file", "dataset", "ok", "a valid file with a 512-byte user block (superblock at offset 512)")

    name = "junk-prefix-1024.hdf5"
    c.path(name).write_bytes(stable_rng("junk").bytes(1024) + valid)
    c.add(name, "raw-file", "dataset", "ok",
          "1024 random bytes prepended to a valid file: libhdf5 finds the superblock at 1024 and rebases")

    name = "valid-base.hdf5"
    c.path(name).write_bytes(valid)
    c.add(name, "control", "dataset", "ok", "the unmodified 32-row base most hostile datasets derive from")


# --- dtype and shape swaps ---------------------------------------------------------

def gen_dtypes(c):
    b = base_arrays()
    obs = b["observations"]
    ints = np.round(obs.astype(np.float64) * 1000).astype(np.int64)
    ints[0, :3] = [(1 << 40) + 1, -(1 << 53) - 3, (1 << 62) + 12345]
    cases = [
        ("dtype-obs-int64.hdf5", {"observations": ints}, "ok",
         "observations as int64 (x1000, plus 2^40+1, -(2^53+3), 2^62+12345 in row 0, which float32 rounds)"),
        ("dtype-obs-uint8.hdf5", {"observations": np.clip(np.round((obs + 2) * 50), 0, 255).astype(np.uint8)}, "ok",
         "observations as uint8 (0-255)"),
        ("dtype-obs-string.hdf5", {"observations": np.array([[f"{v:.3f}".encode() for v in row] for row in obs])},
         "error", "observations as fixed-length strings (N, 11) |S6"),
        ("dtype-obs-vlen-string.hdf5", {"observations": lambda f, k: f.create_dataset(
            k, data=np.array([[f"{v:.3f}" for v in row] for row in obs], dtype=object),
            dtype=h5py.string_dtype(), track_times=False)}, "error", "observations as variable-length UTF-8 strings"),
        ("dtype-obs-compound.hdf5", {"observations": np.array(
            [tuple(row) for row in obs], dtype=[(f"o{i}", "<f4") for i in range(11)]).reshape(-1, 1)}, "error",
         "observations as an (N, 1) compound of 11 float32 fields"),
        ("dtype-obs-enum.hdf5", {"observations": lambda f, k: f.create_dataset(
            k, data=(np.abs(obs * 10).astype(np.int8) % 3), dtype=h5py.enum_dtype({"LOW": 0, "MID": 1, "HIGH": 2},
                                                                               basetype="i1"),
            track_times=False)}, "error", "observations as an int8 enum {LOW, MID, HIGH}"),
        ("dtype-obs-array-type.hdf5", {"observations": lambda f, k: lowlevel_array(f, k, obs)}, "error",
         "observations as an (N,) dataset of H5T_ARRAY float32[11] elements"),
        ("dtype-obs-vlen-float.hdf5", {"observations": lambda f, k: f.create_dataset(
            k, data=vlen_rows(obs), dtype=h5py.vlen_dtype(np.float32), track_times=False)}, "error",
         "observations as (N,) variable-length float32 sequences"),
        ("dtype-obs-references.hdf5", {"observations": lambda f, k: f.create_dataset(
            k, data=[[f["/"].ref] * 11] * BASE_ROWS, dtype=h5py.ref_dtype, track_times=False)}, "error",
         "observations as (N, 11) object references to the root group"),
        ("dtype-obs-opaque.hdf5", {"observations": np.frombuffer(obs.tobytes(), dtype="V4").reshape(obs.shape)},
         "error", "observations as (N, 11) opaque 4-byte elements holding float32 bytes"),
        ("dtype-terminals-string.hdf5", {"terminals": np.array([b"True" if t else b"False" for t in b["terminals"]])},
         "error", "terminals as fixed-length strings b'True'/b'False'"),
        ("dtype-terminals-int-enum.hdf5", {"terminals": lambda f, k: f.create_dataset(
            k, data=b["terminals"].astype(np.int32), dtype=h5py.enum_dtype({"FALSE": 0, "TRUE": 1}, basetype="i4"),
            track_times=False)}, "ok",
         "terminals as a {FALSE, TRUE} enum over int32 (h5py's own bool is over int8; h5py reads this one as "
         "bool too)"),
        ("dtype-terminals-uint8-values.hdf5", {"terminals": np.where(b["terminals"], 7, 0).astype(np.uint8)}, "ok",
         "terminals as uint8 holding 0 and 7 (non-zero means set)"),
        ("shape-rewards-2d-n3.hdf5", {"rewards": np.stack([b["rewards"]] * 3, axis=1)}, "error",
         "rewards has shape (N, 3)"),
        ("shape-actions-3d.hdf5", {"actions": b["actions"].reshape(BASE_ROWS, 3, 1)}, "error",
         "actions has shape (N, 3, 1)"),
        ("shape-terminals-2d-n2.hdf5", {"terminals": np.stack([b["terminals"]] * 2, axis=1)}, "error",
         "terminals has shape (N, 2)"),
        ("shape-obs-transposed.hdf5", {"observations": b["observations"].T.copy()}, "error",
         "observations stored transposed, (11, N)"),
        ("rows-mismatch-actions.hdf5", {"actions": np.concatenate([b["actions"], b["actions"][:5]])}, "error",
         "actions has N + 5 rows"),
        ("rows-mismatch-terminals.hdf5", {"terminals": b["terminals"][:-1]}, "error", "terminals has N - 1 rows"),
        ("rows-mismatch-timeouts.hdf5", {"timeouts": np.concatenate([b["timeouts"], b["timeouts"]])}, "error",
         "timeouts has 2N rows"),
        ("rows-mismatch-next-obs.hdf5", {"next_observations": b["next_observations"][:1]}, "error",
         "next_observations has 1 row"),
        ("rows-mismatch-next-obs-width.hdf5", {"next_observations": b["next_observations"][:, :3].copy()}, "error",
         "next_observations has 3 columns, observations 11"),
    ]
    for name, replace, expect, detail in cases:
        write_d4rl(c.path(name), replace=replace)
        c.add(name, "dtype-swap" if name.startswith("dtype") else "shape-swap", "dataset", expect, detail)

    name = "dtype-obs-is-group.hdf5"
    write_d4rl(c.path(name), replace={"observations": lambda f, k: gz(f, k + "/values", obs)})
    c.add(name, "dtype-swap", "dataset", "error", "observations is a group holding observations/values")

    name = "dtype-obs-named-datatype.hdf5"

    def named(f, k):
        f[k] = np.dtype("<f4")
    write_d4rl(c.path(name), replace={"observations": named})
    c.add(name, "dtype-swap", "dataset", "error", "observations is a committed (named) datatype, not a dataset")

    name = "missing-all-keys.hdf5"
    write_d4rl(c.path(name), drop=("observations", "actions", "rewards", "terminals", "timeouts",
                                   "next_observations"))
    c.add(name, "missing-key", "dataset", "error", "only infos/ and metadata/: no D4RL key at all")


def lowlevel_array(f, key, obs):
    atype = h5py.h5t.array_create(h5py.h5t.IEEE_F32LE, (obs.shape[1],))
    space = h5py.h5s.create_simple((obs.shape[0],))
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_obj_track_times(False)
    ds = h5py.h5d.create(f.id, key.encode(), atype, space, dcpl=dcpl)
    ds.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(obs, np.float32), mtype=atype)


def vlen_rows(obs):
    out = np.empty(obs.shape[0], dtype=object)
    for i, row in enumerate(obs):
        out[i] = row[: 1 + i % 11].astype(np.float32)
    return out


# --- checkpoints --------------------------------------------------------------------

def gen_checkpoints(c):
    seed = c.seeds / "checkpoint.h5"
    base = mini_checkpoint_spec(seed)

    def ckpt(name, detail, mutate=None, expect="error", rehashed=True, **extra):
        spec = copy_spec(base)
        if mutate:
            mutate(spec)
        if rehashed:
            rehash(spec)
        write_checkpoint(c.path(name), spec)
        c.add(name, checkpoint_kind(name), "checkpoint", expect, detail, content_hash="recomputed" if rehashed else "stale",
              **extra)

    ckpt("checkpoint-mini-valid.h5",
         "a valid checkpoint written by this script (hidden [4], fresh weights, @content_hash recomputed); "
         "control for every checkpoint-* file", expect="ok")

    def seed_rewrite():
        spec = load_checkpoint_spec(seed)
        write_checkpoint(c.path("checkpoint-seed-rewritten-earliest.h5"), spec, libver="earliest")
        c.add("checkpoint-seed-rewritten-earliest.h5", "control", "checkpoint", "ok",
              "the seed checkpoint read and rewritten by h5py (same values and dtypes, libver earliest)",
              content_hash="original")
    seed_rewrite()

    def set_attr(group, key, value):
        def m(spec):
            (spec["attrs"] if group == "/" else spec[group])[key] = value
        return m

    ckpt("checkpoint-attr-step-string.h5", "@step is the string '20'", set_attr("/", "step", "20"), rehashed=False)
    ckpt("checkpoint-attr-step-float.h5", "@step is the float64 20.5", set_attr("/", "step", np.float64(20.5)),
         rehashed=False)
    ckpt("checkpoint-attr-step-empty.h5", "@step has a null dataspace (h5py.Empty('i8'))",
         set_attr("/", "step", h5py.Empty("i8")), rehashed=False)
    ckpt("checkpoint-attr-version-string.h5", "@version is the string '2'", set_attr("/", "version", "2"),
         rehashed=False)
    ckpt("checkpoint-attr-version-1.h5", "@version is 1 (an older layout)", set_attr("/", "version", np.int64(1)),
         rehashed=False)
    ckpt("checkpoint-attr-format-int.h5", "@format is the integer 7", set_attr("/", "format", np.int64(7)),
         rehashed=False)
    ckpt("checkpoint-attr-observation-dim-array.h5", "@observation_dim is the array [11, 11]",
         set_attr("/", "observation_dim", np.array([11, 11], np.int64)), rehashed=False)
    ckpt("checkpoint-attr-dataset-name-empty.h5", "@dataset_name has a null dataspace (h5py.Empty('S5'))",
         set_attr("/", "dataset_name", h5py.Empty("S5")), rehashed=False)
    ckpt("checkpoint-attr-content-hash-int.h5", "@content_hash is a uint64 instead of a hex string",
         set_attr("/", "content_hash", np.uint64(0x42)), rehashed=False)
    ckpt("checkpoint-attr-hidden-dims-strings.h5", "config/@hidden_dims is a string array ['4']",
         set_attr("config", "hidden_dims", np.array([b"4"])), rehashed=False)
    ckpt("checkpoint-attr-flag-string.h5", "preprocessing/@clip_actions is the string 'yes'",
         set_attr("preprocessing", "clip_actions", "yes"), rehashed=False)
    ckpt("checkpoint-unknown-algorithm.h5", "config/@algorithm is 'ppo' (hash recomputed)",
         set_attr("config", "algorithm", "ppo"))
    ckpt("checkpoint-unknown-reward-transform.h5", "preprocessing/@reward_transform is 'sqrt' (hash recomputed)",
         set_attr("preprocessing", "reward_transform", "sqrt"))
    ckpt("checkpoint-stale-hash.h5", "@step changed from 20 to 21 without updating @content_hash",
         set_attr("/", "step", np.int64(21)), rehashed=False)

    def drop(path):
        def m(spec):
            node = spec
            parts = path.split("/")
            for p in parts[:-1]:
                node = node[p]
            node[parts[-1]] = None
        return m
    ckpt("checkpoint-missing-params.h5", "no /params group", drop("params"), rehashed=False)
    ckpt("checkpoint-missing-optimizers.h5", "no /optimizers group", drop("optimizers"), rehashed=False)
    ckpt("checkpoint-missing-config.h5", "no /config group", drop("config"), rehashed=False)
    ckpt("checkpoint-missing-actor-log-std.h5", "no /params/actor/log_std", drop("params/actor/log_std"),
         rehashed=False)
    ckpt("checkpoint-missing-second-moment.h5", "no /optimizers/value/second_moment",
         drop("optimizers/value/second_moment"), rehashed=False)

    def wrong_shape(spec):
        k = spec["params"]["actor"]["layers/layer0/kernel"]
        spec["params"]["actor"]["layers/layer0/kernel"] = k.T.copy()
    ckpt("checkpoint-tensor-transposed.h5", "params/actor/layers/layer0/kernel stored (4, 11) instead of (11, 4)",
         wrong_shape)

    def short_moment(spec):
        spec["optimizers"]["critic"]["first_moment"] = spec["optimizers"]["critic"]["first_moment"][:-1].copy()
    ckpt("checkpoint-moment-short.h5", "optimizers/critic/first_moment one value short", short_moment)

    def moment_2d(spec):
        m = spec["optimizers"]["actor"]["second_moment"]
        spec["optimizers"]["actor"]["second_moment"] = np.stack([m, m])
    ckpt("checkpoint-moment-2d.h5", "optimizers/actor/second_moment has shape (2, n): twice the values",
         moment_2d)

    def tensor_string(spec):
        spec["params"]["value"]["layer1/bias"] = np.array([b"0.0"])
    ckpt("checkpoint-tensor-string.h5", "params/value/layer1/bias holds a string", tensor_string, rehashed=False)

    for value, label, detail in (
            (1 << 40, "2p40", "@observation_dim is 2^40 (tensors would need 2^40 x 4 floats)"),
            ((1 << 62) + 1, "2p62", "@observation_dim is 2^62 + 1 (observation_dim + action_dim and the kernel "
                                    "sizes overflow Int)"),
            (-5, "negative", "@observation_dim is -5")):
        ckpt(f"checkpoint-observation-dim-{label}.h5", detail + " (hash recomputed)",
             set_attr("/", "observation_dim", np.int64(value)))
    ckpt("checkpoint-action-dim-zero.h5", "@action_dim is 0 (hash recomputed)",
         set_attr("/", "action_dim", np.int64(0)))
    ckpt("checkpoint-negative-step.h5", "@step is -5 (hash recomputed, so only a range check can refuse it)",
         set_attr("/", "step", np.int64(-5)))
    ckpt("checkpoint-hidden-dims-negative.h5", "config/@hidden_dims is [-4] (hash recomputed)",
         set_attr("config", "hidden_dims", np.array([-4], np.int64)))
    ckpt("checkpoint-hidden-dims-huge.h5", "config/@hidden_dims is [2^31, 2^31] (hash recomputed)",
         set_attr("config", "hidden_dims", np.array([1 << 31, 1 << 31], np.int64)))
    ckpt("checkpoint-max-episode-steps-negative.h5", "preprocessing/@max_episode_steps is -1 (hash recomputed)",
         set_attr("preprocessing", "max_episode_steps", np.int64(-1)))

    def nan_weights(spec):
        k = spec["params"]["actor"]["layers/layer0/kernel"]
        k[0, 0], k[3, 1] = np.nan, np.inf
    ckpt("checkpoint-nan-actor-weights.h5", "NaN and +Inf in params/actor/layers/layer0/kernel (hash recomputed)",
         nan_weights)

    def nan_log_std(spec):
        spec["params"]["actor"]["log_std"][:] = np.nan
    ckpt("checkpoint-nan-log-std.h5", "params/actor/log_std is all NaN (hash recomputed)", nan_log_std)

    def normalizer(mean_len, std_value):
        def m(spec):
            spec["preprocessing"]["normalize_observations"] = np.True_
            spec["normalizer"] = {"mean": np.zeros(mean_len, np.float32),
                                  "std": np.full(int(spec["attrs"]["observation_dim"]), std_value, np.float32)}
        return m
    ckpt("checkpoint-normalizer-length-mismatch.h5",
         "normalize_observations with normalizer/mean of 5 values and normalizer/std of 11 (hash recomputed)",
         normalizer(5, 1.0))
    ckpt("checkpoint-normalizer-zero-std.h5", "normalizer/std is all 0 (hash recomputed)", normalizer(11, 0.0))
    ckpt("checkpoint-normalizer-missing.h5",
         "preprocessing/@normalize_observations is true but there is no /normalizer (hash recomputed)",
         set_attr("preprocessing", "normalize_observations", np.True_))


def checkpoint_kind(name):
    for key, kind in (("mini-valid", "control"), ("-attr-", "checkpoint-attr-type"), ("-missing-", "checkpoint-missing"),
                      ("-tensor-", "checkpoint-shape"), ("-moment-", "checkpoint-shape"),
                      ("-unknown-", "checkpoint-setting"), ("-stale-", "checkpoint-hash")):
        if key in name:
            return kind
    return "checkpoint-value"


def policy_kind(name):
    for key, kind in (("mini-valid", "control"), ("-nan-", "policy-value"), ("-denom-", "policy-value"),
                      ("-dim-", "policy-fit"), ("-activation-", "policy-attr"), ("-attrs", "policy-attr"),
                      ("float64", "policy-dtype"), ("-string", "policy-dtype")):
        if key in name:
            return kind
    return "policy-shape"


# --- behaviour policies -----------------------------------------------------------

def load_policy(path):
    with h5py.File(path, "r") as f:
        arrays = {}
        f.visititems(lambda n, o: arrays.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
        return {"attrs": dict(f.attrs), "arrays": arrays}


def mini_policy(seed_path, width=8):
    spec = load_policy(seed_path)
    rng = stable_rng("mini-policy")
    d, a = spec["arrays"]["obs_mean"].shape[0], spec["arrays"]["layer2/bias"].shape[0]
    sizes = [d, width, width, a]
    arrays = {"obs_mean": spec["arrays"]["obs_mean"], "obs_denom": spec["arrays"]["obs_denom"]}
    for i in range(3):
        arrays[f"layer{i}/kernel"] = (rng.standard_normal((sizes[i], sizes[i + 1])) / math.sqrt(sizes[i])
                                      ).astype(np.float32)
        arrays[f"layer{i}/bias"] = (0.1 * rng.standard_normal(sizes[i + 1])).astype(np.float32)
    arrays["log_std"] = np.full(a, -1.0, np.float32)
    attrs = dict(spec["attrs"])
    attrs["source"] = "make_fuzz_corpus.py mini policy (random weights, the seed's observation standardisation)"
    attrs.pop("measured_return_gymnasium_v4", None)
    return {"attrs": attrs, "arrays": arrays}


def write_policy(path, spec, libver=("v108", "v108")):
    with new_file(path, libver=libver) as f:
        for k in sorted(spec["attrs"]):
            if spec["attrs"][k] is not None:
                f.attrs[k] = spec["attrs"][k]
        for k in sorted(spec["arrays"]):
            v = spec["arrays"][k]
            if callable(v):
                v(f, k)
            elif v is not None:
                f.create_dataset(k, data=v, track_times=False)


def gen_policies(c):
    base = mini_policy(c.seeds / "hopper-medium.h5")

    def pol(name, detail, mutate=None, expect="error", **extra):
        spec = {"attrs": dict(base["attrs"]), "arrays": {k: v.copy() for k, v in base["arrays"].items()}}
        if mutate:
            mutate(spec)
        write_policy(c.path(name), spec)
        c.add(name, policy_kind(name), "policy", expect, detail, **extra)

    pol("policy-mini-valid.h5", "a valid 8-unit policy (the seed's standardisation, random weights); control",
        expect="ok")
    pol("policy-float64.h5", "every array stored as float64", lambda s: s["arrays"].update(
        {k: v.astype(np.float64) for k, v in s["arrays"].items()}), expect="ok")
    pol("policy-empty-attrs.h5", "@task and @level are null-dataspace strings, @source an Empty float",
        lambda s: s["attrs"].update(task=h5py.Empty("S6"), level=h5py.Empty("S6"), source=h5py.Empty("f8")),
        expect="ok", note="the attributes are informational only")

    def set_array(key, value):
        return lambda s: s["arrays"].__setitem__(key, value(s["arrays"]) if callable(value) else value)
    pol("policy-kernel-mismatch.h5", "layer1/kernel is (6, 8) but layer0 has 8 outputs",
        set_array("layer1/kernel", lambda a: a["layer1/kernel"][:6].copy()))
    pol("policy-bias-mismatch.h5", "layer2/bias has 2 values, layer2/kernel 3 outputs",
        set_array("layer2/bias", lambda a: a["layer2/bias"][:2].copy()))
    pol("policy-kernel-1d.h5", "layer0/kernel is 1-D (88,)", set_array("layer0/kernel", lambda a: a[
        "layer0/kernel"].reshape(-1).copy()))
    pol("policy-missing-log-std.h5", "no log_std", set_array("log_std", None))
    pol("policy-missing-layer2.h5", "no layer2/ group", lambda s: [s["arrays"].pop(k) for k in
                                                                  ("layer2/kernel", "layer2/bias")])

    def nan_weights(a):
        k = a["layer1/kernel"].copy()
        k[2, 3], k[5, 0] = np.nan, -np.inf
        return k
    pol("policy-nan-weights.h5", "NaN and -Inf in layer1/kernel", set_array("layer1/kernel", nan_weights))
    pol("policy-nan-log-std.h5", "log_std is all NaN", set_array("log_std", lambda a: np.full_like(
        a["log_std"], np.nan)))
    pol("policy-obs-denom-zero.h5", "obs_denom is all 0 (standardisation divides by zero)",
        set_array("obs_denom", lambda a: np.zeros_like(a["obs_denom"])))

    def narrow(s):
        a = s["arrays"]
        a["obs_mean"], a["obs_denom"] = a["obs_mean"][:5].copy(), a["obs_denom"][:5].copy()
        a["layer0/kernel"] = a["layer0/kernel"][:5].copy()
        s["attrs"]["observation_dim"] = np.int64(5)
    pol("policy-obs-dim-5.h5", "a consistent policy for 5-dim observations (Hopper has 11)", narrow)

    def two_actions(s):
        a = s["arrays"]
        a["layer2/kernel"], a["layer2/bias"], a["log_std"] = (a["layer2/kernel"][:, :2].copy(),
                                                              a["layer2/bias"][:2].copy(), a["log_std"][:2].copy())
        s["attrs"]["action_dim"] = np.int64(2)
    pol("policy-action-dim-2.h5", "a consistent policy with 2 actions (Hopper has 3)", two_actions)
    pol("policy-activation-relu.h5", "@activation is 'relu'", lambda s: s["attrs"].__setitem__("activation", "relu"))
    pol("policy-kernel-string.h5", "layer0/kernel holds strings", set_array("layer0/kernel", lambda a: np.array(
        [[b"0.5"] * a["layer0/kernel"].shape[1]] * a["layer0/kernel"].shape[0])))

    name = "policy-huge-declared-kernel.h5"

    def sentinel(f, k):
        f.create_dataset(k, data=np.zeros((11, 37), np.float32), track_times=False)
    pol(name, "layer0/kernel's dataspace patched from (11, 37) to (11, 2^40) (contiguous, 1628 bytes stored)",
        set_array("layer0/kernel", lambda a: sentinel))
    patch_dims(c.path(name), (11, 37), (11, 1 << 40))


# --- mutations of the seeds ------------------------------------------------------

def shrink(src, dst, row_elements=1024, max_elements=256):
    """A copy of `src` with every per-row array cut to its first R rows (R = 1024 / the widest row,
    16 to 100) and any other array to <= max_elements, keeping dtypes, chunk shapes (clipped),
    filters, fill values and attributes."""
    with h5py.File(src, "r") as s, new_file(dst) as d:
        n = s["observations"].shape[0] if "observations" in s else None
        widths = []
        s.visititems(lambda _, o: widths.append(o.size // o.shape[0])
                     if isinstance(o, h5py.Dataset) and o.shape and o.shape[0] == n else None)
        rows = max(16, min(100, row_elements // max(widths + [1])))

        def copy_attrs(a, b):
            for k, v in a.attrs.items():
                b.attrs[k] = v

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                copy_attrs(obj, d.require_group(name))
                return
            data = obj[()]
            if obj.shape and (obj.shape[0] == n or obj.size > max_elements):
                keep = rows if obj.shape[0] == n else max(1, max_elements // max(1, obj.size // obj.shape[0]))
                data = data[:keep]
            kwargs = {}
            if obj.chunks:
                kwargs["chunks"] = tuple(min(c, max(1, s_)) for c, s_ in zip(obj.chunks, data.shape))
                kwargs.update(compression=obj.compression, compression_opts=obj.compression_opts,
                              shuffle=obj.shuffle, fletcher32=obj.fletcher32)
                if obj.fillvalue is not None and obj.dtype.kind in "fiub":
                    kwargs["fillvalue"] = obj.fillvalue
            ds = d.create_dataset(name, data=data, dtype=obj.dtype, track_times=False, **kwargs)
            copy_attrs(obj, ds)
        copy_attrs(s, d)
        s.visititems(visit)


def seed_files(c, scratch):
    """(label, original path, input kind, path to flip) for every seed; big fixtures are flipped shrunk."""
    out = []
    for folder, pattern in (("d4rl", "*.hdf5"), ("dynamics", "*-v4-dynamics.hdf5")):
        for p in sorted((FIXTURES / folder).glob(pattern)):
            flip_source = p
            if p.stat().st_size > 40_000:
                flip_source = scratch / f"shrunk-{p.name}"
                shrink(p, flip_source)
            out.append((p.stem, p, "dataset", flip_source))
    out.append(("checkpoint", c.seeds / "checkpoint.h5", "checkpoint", c.seeds / "checkpoint.h5"))
    out.append(("policy-hopper-medium", c.seeds / "hopper-medium.h5", "policy", c.seeds / "hopper-medium.h5"))
    return out


def gen_online(c):
    """Hostile sac-train checkpoints (input sac-checkpoint: `sac-train --resume --check`) and SAC
    policy files (input sac-policy: d4rl-collect reads them as it reads behaviour policies). Each file is a
    copy of a seed written by sac-train (Fixtures/fuzz/seeds/sac-*.h5, README there) with one
    edit made by h5py; the readers check sizes, values and the widths before the content hash,
    so each edit is refused for its own reason."""
    def edited(seed, name, kind, input, detail, edit=None, expect="error"):
        shutil.copyfile(c.seeds / seed, c.path(name))
        if edit:
            with h5py.File(c.path(name), "r+") as f:
                edit(f)
        c.add(name, kind, input, expect, detail)

    def replace(f, key, values):
        del f[key]
        f.create_dataset(key, data=values, track_times=False)

    def checkpoint(name, detail, edit=None, expect="error"):
        edited("sac-checkpoint.h5", name, "sac-checkpoint", "sac-checkpoint", detail, edit, expect)

    def policy(name, detail, edit=None, expect="error"):
        edited("sac-policy.h5", name, "sac-policy", "sac-policy", detail, edit, expect)

    checkpoint("sac-checkpoint-valid.h5", "the seed itself (hopper, hidden [4, 4], 130 steps, a 200-row buffer); control",
               expect="ok")
    checkpoint("sac-checkpoint-format.h5", "@format names the IQL checkpoint format",
               lambda f: f.attrs.__setitem__("format", "d4rl-iql-checkpoint"))
    checkpoint("sac-checkpoint-version-2.h5", "@version 2, a layout this build does not read",
               lambda f: f.attrs.__setitem__("version", np.int64(2)))
    checkpoint("sac-checkpoint-task-unknown.h5", "@task Cartpole-v1", lambda f: f.attrs.__setitem__("task", "Cartpole-v1"))
    checkpoint("sac-checkpoint-observation-dim.h5", "@observation_dim 12 where Hopper-v4 has 11",
               lambda f: f.attrs.__setitem__("observation_dim", np.int64(12)))
    checkpoint("sac-checkpoint-hidden-huge.h5", "config@hidden_dims: 16 layers of 65536 units (about 270 GB of networks)",
               lambda f: f["config"].attrs.__setitem__("hidden_dims", np.full(16, 65536, dtype=np.int64)))
    checkpoint("sac-checkpoint-batch-zero.h5", "config@batch_size 0", lambda f: f["config"].attrs.__setitem__("batch_size", np.int64(0)))
    checkpoint("sac-checkpoint-replay-capacity-huge.h5", "replay@capacity 2^31 - 1 rows (about 240 GB)",
               lambda f: f["replay"].attrs.__setitem__("capacity", np.int64(2**31 - 1)))
    checkpoint("sac-checkpoint-replay-appended-huge.h5", "replay@appended 2^40: the buffer would hold 200 rows, it stores 130",
               lambda f: f["replay"].attrs.__setitem__("appended", np.int64(2**40)))
    checkpoint("sac-checkpoint-replay-mask-half.h5", "replay/masks[0] = 0.5 (masks are 0 or 1)",
               lambda f: f["replay/masks"].__setitem__(0, 0.5))
    checkpoint("sac-checkpoint-replay-rows-short.h5", "replay/rewards has 129 rows, the other arrays 130",
               lambda f: replace(f, "replay/rewards", f["replay/rewards"][:129]))
    checkpoint("sac-checkpoint-nan-actor.h5", "a NaN in learner/params/actor/layers/layer0/kernel",
               lambda f: f["learner/params/actor/layers/layer0/kernel"].__setitem__((0, 0), np.nan))
    checkpoint("sac-checkpoint-negative-moment.h5", "a negative Adam second moment of the critic",
               lambda f: f["learner/optimizers/critic/second_moment"].__setitem__(0, -1.0))
    checkpoint("sac-checkpoint-qpos-short.h5", "online/qpos has 5 values, Hopper has 6",
               lambda f: replace(f, "online/qpos", f["online/qpos"][:5]))
    checkpoint("sac-checkpoint-elapsed-1000.h5", "online@elapsed_steps 1000: the episode would be past its time limit",
               lambda f: f["online"].attrs.__setitem__("elapsed_steps", np.int64(1000)))
    checkpoint("sac-checkpoint-reward-edited.h5", "one stored reward changed: only @content_hash tells",
               lambda f: f["replay/rewards"].__setitem__(3, f["replay/rewards"][3] + 1))
    checkpoint("sac-checkpoint-no-replay.h5", "no /replay group", lambda f: f.__delitem__("replay"))
    checkpoint("sac-checkpoint-kernel-shape.h5", "learner/params/critic/q1/layer0/kernel is (13, 4), the layout needs (14, 4)",
               lambda f: replace(f, "learner/params/critic/q1/layer0/kernel", f["learner/params/critic/q1/layer0/kernel"][:13]))

    policy("sac-policy-valid.h5", "the seed's final policy (hopper, hidden [4, 4]); control", expect="ok")
    policy("sac-policy-hidden-huge.h5", "@hidden_dims: 16 layers of 65536 units",
           lambda f: f.attrs.__setitem__("hidden_dims", np.full(16, 65536, dtype=np.int64)))
    policy("sac-policy-hidden-strings.h5", "@hidden_dims is a list of strings",
           lambda f: f.attrs.__setitem__("hidden_dims", np.array([b"4", b"4"])))
    policy("sac-policy-nan.h5", "a NaN in actor/layers/layer1/kernel", lambda f: f["actor/layers/layer1/kernel"].__setitem__((1, 1), np.nan))
    policy("sac-policy-walker.h5", "@task edited to Walker2d-v4; @content_hash covers the task, so the edit is refused as damage",
           lambda f: f.attrs.__setitem__("task", "Walker2d-v4"))
    policy("sac-policy-observation-dim.h5", "@observation_dim 12: layer0/kernel (11, 4) does not fit",
           lambda f: f.attrs.__setitem__("observation_dim", np.int64(12)))
    policy("sac-policy-weights-edited.h5", "one weight changed: only @content_hash tells",
           lambda f: f["actor/layers/layer2/bias"].__setitem__(0, f["actor/layers/layer2/bias"][0] + 0.5))


def remove(path):
    """Removes a corpus entry, a file or a (Minari) directory, if it is there."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def size(path):
    """Bytes of a file, or of every file under a directory."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def rel(p):
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def gen_seed_mutations(c, seeds, count):
    ext = {"dataset": "hdf5", "checkpoint": "h5", "policy": "h5"}
    for label, original, kind, _ in seeds:
        data = original.read_bytes()
        ranges = data_ranges(original)
        start, size = ranges[0] if ranges else (len(data) // 2, 2)
        cut = start + max(1, size // 2)
        name = f"truncate-{label}-first-chunk.{ext[kind]}"
        c.path(name).write_bytes(data[:cut])
        c.add(name, "truncate", kind, "error",
              f"{rel(original)} cut to {cut} of {len(data)} bytes, halfway into its first raw data block "
              f"(offset {start}, {size} bytes)", seed=rel(original), length=cut)
    for label, original, kind, _ in seeds:
        if label not in ("hopper-medium-v2-mini", "checkpoint", "policy-hopper-medium"):
            continue
        name = f"truncate-{label}-superblock.{ext[kind]}"
        c.path(name).write_bytes(original.read_bytes()[:48])
        c.add(name, "truncate", kind, "error", f"the first 48 bytes of {rel(original)} (inside the superblock)",
              seed=rel(original), length=48)
    for i in range(count):
        random_mutation(c, seeds, i, ext)


def random_mutation(c, seeds, i, ext):
    """Mutation i: seed i mod S; the first 2S alternate flips and truncations, later ones draw an operation."""
    label, original, kind, flip_source = seeds[i % len(seeds)]
    rng = stable_rng("random-mutation", i)
    ops = ["flip", "truncate"]
    op = ops[(i // len(seeds)) % 2] if i < 2 * len(seeds) else str(rng.choice(
        ["flip", "flip-meta", "truncate", "zero-block", "duplicate-block", "flip-many"]))
    source = original if op == "truncate" else flip_source
    data = source.read_bytes()
    entry = {"seed": rel(original), "operation": op}
    if source != original:
        entry["flipped_copy"] = f"{rel(original)} shrunk by make_fuzz_corpus.shrink"
    if op == "truncate":
        length = int(math.exp(rng.uniform(0, math.log(len(data)))))
        out, detail = data[:length], f"first {length} of {len(data)} bytes"
        entry["length"] = length
        expect = "error"
    elif op in ("flip", "flip-meta", "flip-many"):
        k = int(rng.integers(1, 17)) if op != "flip-many" else int(rng.integers(64, 257))
        meta = metadata_offsets(len(data), data_ranges(source))
        if op == "flip":      # half anywhere, half in the metadata
            out, anywhere = flip_bytes(data, rng, (k + 1) // 2)
            out, in_meta = flip_bytes(out, rng, k // 2, meta)
            chosen = sorted(anywhere + in_meta)
        else:
            out, chosen = flip_bytes(data, rng, k, meta if op == "flip-meta" else None)
        detail = f"{len(chosen)} bytes XORed at offsets {chosen[:16]}{' ...' if len(chosen) > 16 else ''}"
        entry["offsets"] = chosen
        expect = "either"
    else:
        start = int(rng.integers(0, len(data)))
        length = int(rng.integers(8, 513))
        out = bytearray(data)
        if op == "zero-block":
            out[start:start + length] = bytes(len(out[start:start + length]))
            detail = f"{length} bytes zeroed at offset {start}"
        else:
            src = int(rng.integers(0, len(data)))
            block = data[src:src + length]
            out[start:start + len(block)] = block
            detail = f"{len(block)} bytes copied from offset {src} to {start}"
        out = bytes(out)
        expect = "either"
    name = f"random-{i:04d}-{op}-{label}.{ext[kind]}"
    c.path(name).write_bytes(out)
    c.add(name, f"random-{op}", kind, expect, f"{rel(source) if source == original else 'shrunk ' + rel(original)}: "
          f"{detail}", **entry)


# ---------------------------------------------------------------------------
# Facts read back with h5py, and the independent validators
# ---------------------------------------------------------------------------

D4RL_KEYS = ["observations", "actions", "rewards", "terminals", "timeouts", "next_observations"]


def json_number(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def numeric_dtype(dt):
    if dt.subdtype is not None or dt.names is not None:
        return False
    if h5py.check_enum_dtype(dt) is not None:
        return False
    return dt.kind in "fiub"


def key_values(ds):
    a = np.asarray(ds[()])
    f64 = a.astype(np.float64)
    flat = f64.reshape(-1)
    finite = flat[np.isfinite(flat)]
    with np.errstate(over="ignore"):
        f32 = a.astype(np.float32)
    out = {"shape": list(a.shape), "dtype": str(ds.dtype), "first": [json_number(v) for v in flat[:5]],
           "sum": math.fsum(finite.tolist()), "non_finite": int(flat.size - finite.size),
           "fnv1a64_f32": "%016x" % fnv1a64(np.ascontiguousarray(f32, "<f4").tobytes())}
    non_finite_f32 = int(f32.size - np.count_nonzero(np.isfinite(f32)))
    if non_finite_f32 != out["non_finite"]:
        out["non_finite_f32"] = non_finite_f32
    return out


def open_h5(path):
    try:
        return h5py.File(path, "r")
    except Exception as e:   # noqa: BLE001 - any failure to open is "unreadable"
        return str(e).splitlines()[0] if str(e) else type(e).__name__


def get_dataset(f, key):
    try:
        obj = f.get(key)
    except Exception:        # noqa: BLE001
        return None, "unresolvable"
    if obj is None:
        return None, "missing"
    if not isinstance(obj, h5py.Dataset):
        return None, "not a dataset"
    return obj, None


def d4rl_problems(path):
    try:
        return _d4rl_problems(path)
    except Exception as e:   # noqa: BLE001 - h5py itself failing on a damaged file
        return [f"h5py fails: {str(e).splitlines()[0] if str(e) else type(e).__name__}"], [], None


def _d4rl_problems(path):
    """The D4RLDataset rules (README, Sources/D4RL/Dataset) checked with h5py.

    Returns (problems, training_problems, values): problems make the file an `error`;
    training problems (non-finite values, no q-learning transitions) only refuse training."""
    f = open_h5(path)
    if isinstance(f, str):
        return [f"unreadable: {f}"], [], None
    with f:
        problems, training, values, shapes = [], [], {}, {}
        for key in D4RL_KEYS:
            ds, why = get_dataset(f, key)
            if ds is None:
                if why != "missing" or key in ("observations", "actions", "rewards", "terminals"):
                    problems.append(f"{key}: {why}")
                continue
            if ds.shape is None:
                problems.append(f"{key}: null dataspace")
                continue
            if not numeric_dtype(ds.dtype):
                what = "an enum" if h5py.check_enum_dtype(ds.dtype) is not None else str(ds.dtype)
                problems.append(f"{key}: element type {what} is not numeric")
                continue
            shapes[key] = ds.shape
            if key in ("observations", "actions", "next_observations"):
                if len(ds.shape) != 2:
                    problems.append(f"{key}: shape {ds.shape}, expected (N, dim)")
                elif ds.shape[1] == 0:
                    problems.append(f"{key}: no columns")
            elif not (len(ds.shape) == 1 or (len(ds.shape) == 2 and ds.shape[1] == 1)):
                problems.append(f"{key}: shape {ds.shape}, expected (N,) or (N, 1)")
            if ds.shape and (ds.shape[0] >= 1 << 63 or int(np.prod([int(s) for s in ds.shape], dtype=object))
                             > MAX_READ_ELEMENTS):
                problems.append(f"{key}: {ds.shape} too large to read")
                continue
            try:
                values[key] = key_values(ds)
            except Exception as e:   # noqa: BLE001
                problems.append(f"{key}: read fails ({str(e).splitlines()[0] if str(e) else type(e).__name__})")
        if "observations" in shapes and len(shapes["observations"]) == 2:
            n, width = shapes["observations"]
            for key, shape in shapes.items():
                if shape and shape[0] != n:
                    problems.append(f"{key}: {shape[0]} rows, observations {n}")
            nxt = shapes.get("next_observations")
            if nxt and len(nxt) == 2 and nxt[1] != width:
                problems.append(f"next_observations: {nxt[1]} columns, observations {width}")
        if problems:
            return problems, training, None
        # What iql-train reads with its default options: s′ is the next row's observation, so
        # next_observations is not read (a NaN there does not stop training); NaN/Inf flags do.
        for key in ("observations", "actions", "rewards", "terminals", "timeouts"):
            count = values.get(key, {}).get("non_finite_f32", values.get(key, {}).get("non_finite", 0))
            if count:
                training.append(f"{key}: {count} non-finite values as float32")
        if qlearning_count(f) == 0:
            training.append("no q-learning transitions")
        return problems, training, values


def qlearning_count(f, max_steps=1000):
    """D4RL's qlearning_dataset with default options: the number of kept transitions."""
    term = np.asarray(f["terminals"][()]).reshape(-1).astype(bool)
    tout = np.asarray(f["timeouts"][()]).reshape(-1).astype(bool) if "timeouts" in f else None
    kept, step = 0, 0
    for i in range(len(term) - 1):
        final = bool(tout[i]) if tout is not None else step == max_steps - 1
        if final:
            step = 0
            continue
        if term[i]:
            step = 0
        kept += 1
        step += 1
    return kept


def policy_problems(path):
    try:
        return _policy_problems(path)
    except Exception as e:   # noqa: BLE001
        return [f"h5py fails: {str(e).splitlines()[0] if str(e) else type(e).__name__}"]


def _policy_problems(path):
    """The behaviour-policy layout (/work/shared/policies/README.md) and that it fits Hopper (11 / 3)."""
    f = open_h5(path)
    if isinstance(f, str):
        return [f"unreadable: {f}"]
    with f:
        problems, arrays = [], {}
        for key in ["obs_mean", "obs_denom"] + [f"layer{i}/{t}" for i in range(3) for t in ("kernel", "bias")] + [
                "log_std"]:
            ds, why = get_dataset(f, key)
            if ds is None:
                problems.append(f"{key}: {why}")
                continue
            if ds.shape is None or not numeric_dtype(ds.dtype):
                problems.append(f"{key}: not numeric")
                continue
            arrays[key] = np.asarray(ds[()], np.float64)
        if problems:
            return problems
        width = arrays["obs_mean"].shape
        if len(width) != 1 or arrays["obs_denom"].shape != width:
            return ["obs_mean/obs_denom shapes"]
        w = width[0]
        for i in range(3):
            k, b = arrays[f"layer{i}/kernel"], arrays[f"layer{i}/bias"]
            if k.ndim != 2 or k.shape[0] != w or b.shape != (k.shape[1],):
                return [f"layer{i} shapes {k.shape} {b.shape}"]
            w = k.shape[1]
        if arrays["log_std"].shape != (w,):
            return ["log_std shape"]
        if not all(np.isfinite(v).all() for v in arrays.values()):
            problems.append("non-finite numbers")
        if (arrays["obs_denom"] == 0).any():
            problems.append("obs_denom has zeros")
        act = f.attrs.get("activation")
        if act is not None and (act.decode() if isinstance(act, bytes) else str(act)) != "tanh":
            problems.append(f"activation {act}")
        if arrays["obs_mean"].shape[0] != HOPPER_OBS or w != HOPPER_ACT:
            problems.append("does not fit Hopper's 11 observations / 3 actions")
        return problems


def tree_readable(path):
    """'ok' if h5py opens the root group, else 'error' (what --any-hdf5 must do)."""
    f = open_h5(path)
    if isinstance(f, str):
        return "error"
    f.close()
    return "ok"


def cross_check(name, e, problems, disagreements, flag_rules=False):
    """Notes a disagreement when the validator's verdict (`problems` or none) is not the entry's
    expectation, and keeps the problems in the entry. With `flag_rules` (a sweep whose only fault
    is a flag value), an `error` entry the validator accepts is left to iql-train's own flag
    checks: the sweep validator does not judge flag values."""
    verdict = "error" if problems else "ok"
    if flag_rules and not problems and e["expect"] == "error":
        return
    if verdict != e["expect"]:
        disagreements.append(f"{name}: expect {e['expect']}, validator says {verdict}: {problems}")
    if problems:
        e["problems"] = problems


def finish(c):
    """Cross-checks expectations and adds h5py's values to `ok` datasets."""
    disagreements = []
    for name, e in sorted(c.entries.items()):
        path = c.path(name)
        if e["input"] in ("minari", "sweep"):
            if e["expect"] != "either":
                validator = minari_problems if e["input"] == "minari" else sweep_problems
                cross_check(name, e, validator(path), disagreements, flag_rules=e["kind"] == "sweep-flag")
            continue
        e.setdefault("expect_tree", tree_readable(path) if e["expect"] != "either" else "either")
        if e["input"] == "dataset" and e["expect"] != "either":
            problems, training, values = d4rl_problems(path)
            verdict = "error" if problems else "ok"
            if e["expect"] != "either":
                if verdict != e["expect"]:
                    disagreements.append(f"{name}: expect {e['expect']}, validator says {verdict}: {problems}")
                if e["expect"] == "ok":
                    e["values"] = values
                    if training:
                        e["training_problems"] = training
                    wanted = "error" if training else "ok"
                    if e.get("expect_training", wanted) != wanted:
                        disagreements.append(f"{name}: expect_training {e.get('expect_training')}, "
                                             f"validator says {wanted}")
                    e["expect_training"] = wanted
                else:
                    e["problems"] = problems
        elif e["input"] == "policy" and e["expect"] != "either":
            cross_check(name, e, policy_problems(path), disagreements)
    if disagreements:
        raise SystemExit("expectations disagree with the validators:\n  " + "\n  ".join(disagreements))


def clear_previous(out):
    manifest = out / "manifest.json"
    if manifest.exists():
        for entry in json.loads(manifest.read_text()).get("files", []):
            p = out / entry["file"]
            if p.parent == out:
                remove(p)


def generate(out, seeds_dir, count, extended=False):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clear_previous(out)
    for needed in ("checkpoint.h5", "hopper-medium.h5", "sac-checkpoint.h5", "sac-policy.h5"):
        if not (Path(seeds_dir) / needed).exists():
            raise SystemExit(f"missing seed {Path(seeds_dir) / needed} (see Fixtures/fuzz/README.md)")
    c = Corpus(out, seeds_dir, extended)
    scratch = out / ".scratch"
    scratch.mkdir(exist_ok=True)
    try:
        for gen in (gen_sizes, gen_empty, gen_links, gen_damaged, gen_floats, gen_nonfinite, gen_sparse, gen_raw,
                    gen_dtypes, gen_filters, gen_checkpoints, gen_policies, gen_online, gen_minari, gen_sweeps):
            gen(c)
        gen_seed_mutations(c, seed_files(c, scratch), count)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    finish(c)
    files = [c.entries[k] for k in sorted(c.entries)]
    manifest = {
        "generator": "tools/make_fuzz_corpus.py",
        "h5py": h5py.__version__, "numpy": np.__version__, "hdf5": h5py.version.hdf5_version,
        "random_mutations": count,
        "fields": {
            "expect": "ok: must be read; error: refused with one line 'Error: ...'; either: random mutation or "
                      "damage libhdf5 versions treat differently, any clean outcome (no crash, no hang)",
            "expect_tree": "d4rl-inspect --any-hdf5: ok (lists the tree), warn (lists it and warns about the "
                           "damaged part), error, either",
            "expect_training": "datasets expected ok: whether iql-train must refuse them (non-finite values, "
                               "no transitions)",
            "values": "per D4RL key, read by h5py: shape, h5py dtype, first 5 values (row-major, float64; "
                      "'NaN'/'Infinity'/'-Infinity' as strings), sum = math.fsum of the finite values as float64, "
                      "non_finite count, fnv1a64_f32 = FNV-1a 64 of the values converted to little-endian "
                      "float32 (ContentHash of [Float])",
        },
        "files": files,
    }
    header = json.dumps({k: v for k, v in manifest.items() if k != "files"}, indent=1, allow_nan=False)
    lines = ",\n".join("  " + json.dumps(e, allow_nan=False, separators=(", ", ": ")) for e in files)
    (out / "manifest.json").write_text(header[:-2] + ',\n "files": [\n' + lines + "\n ]\n}\n")
    return files


def main(argv=None):
    p = argparse.ArgumentParser(description="Generate the hostile-file fuzz corpus (Fixtures/fuzz/).")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with checkpoint.h5 and hopper-medium.h5")
    p.add_argument("--extended", action="store_true",
                   help="also write the variations left out of the committed corpus (see EXTENDED)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--count", type=int, default=None, help=f"random mutations in all (default {DEFAULT_RANDOM})")
    g.add_argument("--random", type=int, default=None, metavar="K", help="K random mutations beyond the default")
    a = p.parse_args(argv)
    count = a.count if a.count is not None else DEFAULT_RANDOM + (a.random or 0)
    started = time.perf_counter()
    files = generate(a.out, a.seeds, count, a.extended)
    total = sum(size(a.out / e["file"]) for e in files)
    kinds = {}
    for e in files:
        kinds[e["expect"]] = kinds.get(e["expect"], 0) + 1
    print(f"wrote {len(files)} files ({total / 1e6:.2f} MB; "
          + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items()))
          + f") and manifest.json to {a.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
