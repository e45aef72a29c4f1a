#!/usr/bin/env python3
"""Print what the real `minari` package reads from a dataset, as JSON.

    python3 tools/minari_facts.py DATASET_ID [DATASET_ID ...]
    python3 tools/minari_facts.py PATH            # <root>/<id>, <root>/<id>/data

A DATASET_ID is looked up under $MINARI_DATASETS_PATH (default
~/.minari/datasets) with `minari.load_dataset`. A PATH (an existing directory)
is read the same way: its metadata.json names the dataset id, the root is the
path minus `<id>/data`, and `minari.load_dataset(id)` is called with
MINARI_DATASETS_PATH set to that root (a path that does not end in its own id
is opened with `minari.MinariDataset(path/data)` instead, and says so in
`loaded_with`).

Everything printed comes from minari's own objects: `MinariDataset`,
`EpisodeData`, the storage's metadata and episode metadata, and
`minari.get_normalized_score`; the HDF5 file is never opened here. One
target prints one JSON object; several print an object keyed by dataset id.
Floats are exact (shortest repr of the float64; float32 values widened);
non-finite numbers are written as the strings "Infinity", "-Infinity" and
"NaN" so the output is strict JSON.

Exit status 0 on success; 1 with a one-line message on stderr if a dataset
cannot be loaded or read; 2 if minari cannot be imported.
"""

import json
import math
import os
import sys
import warnings
from pathlib import Path


def jsonable(value):
    """numpy scalars/arrays, sets and tuples to plain JSON values; non-finite floats to strings."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return x
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, str):
        return value
    return repr(value)


def leaves(data, space_json, prefix=""):
    """(path, array) pairs of a space's data, in the on-disk space order.

    `space_json` is the space as serialised in metadata.json (Dict subspaces in
    their written order, Tuple in index order). `data` is what minari returned
    (a dict keyed by name, a tuple, or an array).
    """
    kind = space_json["type"]
    if kind == "Dict":
        out = []
        for key, sub in space_json["subspaces"].items():
            out += leaves(data[key], sub, f"{prefix}{key}/")
        return out
    if kind == "Tuple":
        out = []
        for i, sub in enumerate(space_json["subspaces"]):
            out += leaves(data[i], sub, f"{prefix}_index_{i}/")
        return out
    return [(prefix.rstrip("/") or "", data)]


def row(leaf_list, index):
    """Row `index` of every leaf, flattened (C order) and concatenated."""
    import numpy as np

    values = []
    for _, array in leaf_list:
        values += np.asarray(array[index]).reshape(-1).tolist()
    return jsonable(values)


def describe_leaves(leaf_list):
    import numpy as np

    return [{"key": key, "dtype": str(np.asarray(a).dtype), "shape": list(np.asarray(a).shape)}
            for key, a in leaf_list]


def info_leaves(infos, prefix=""):
    out = []
    for key, value in (infos or {}).items():
        if isinstance(value, dict):
            out += info_leaves(value, f"{prefix}{key}/")
        else:
            out.append((f"{prefix}{key}", value))
    return out


def sequential_sum(values):
    """Left-to-right float64 sum (of every element, whatever the array's shape)."""
    import numpy as np

    total = 0.0
    for v in np.asarray(values, dtype=np.float64).reshape(-1).tolist():
        total += v
    return total


def spec_facts(spec):
    if spec is None:
        return None
    return jsonable({
        "id": spec.id,
        "entry_point": spec.entry_point if isinstance(spec.entry_point, str) else repr(spec.entry_point),
        "max_episode_steps": spec.max_episode_steps,
        "reward_threshold": spec.reward_threshold,
        "kwargs": spec.kwargs,
    })


def raw_metadata(data_path):
    """metadata.json as written (minari >= 0.5.1 has a function for it; 0.5.0 does not)."""
    from minari.dataset.minari_storage import MinariStorage

    if hasattr(MinariStorage, "read_raw_metadata"):
        return MinariStorage.read_raw_metadata(data_path)
    with open(Path(data_path) / "metadata.json") as f:
        return json.load(f)


def open_dataset(target):
    """(MinariDataset, how it was loaded) for a dataset id or a directory."""
    import minari

    path = Path(target)
    if not path.is_dir():
        return minari.load_dataset(target), "minari.load_dataset"
    data = path / "data" if (path / "data").is_dir() else path
    dataset_id = raw_metadata(data).get("dataset_id")
    data = data.resolve()
    parts = Path(str(dataset_id)).parts if isinstance(dataset_id, str) else ()
    here = data.parent.parts
    if parts and len(here) > len(parts) and here[-len(parts):] == parts:
        os.environ["MINARI_DATASETS_PATH"] = str(Path(*here[:-len(parts)]))
        return minari.load_dataset(dataset_id), "minari.load_dataset"
    return minari.MinariDataset(str(data)), "minari.MinariDataset"


def dataset_facts(target):
    import numpy as np

    import minari
    from minari.serialization import serialize_space

    ds, loaded_with = open_dataset(target)
    data_path = ds.storage.data_path
    raw = raw_metadata(data_path)
    # Spaces as written; minari rebuilds a missing one from env_spec with gym.make.
    obs_json = (json.loads(raw["observation_space"]) if "observation_space" in raw
                else serialize_space(ds.observation_space, to_string=False))
    act_json = (json.loads(raw["action_space"]) if "action_space" in raw
                else serialize_space(ds.action_space, to_string=False))

    metadata = {k: v for k, v in raw.items()
                if k not in ("observation_space", "action_space", "env_spec", "eval_env_spec")}

    episodes = []
    returns = []
    episode_metadata = list(ds.storage.get_episode_metadata(ds.episode_indices))
    reward_dtypes, obs_layouts = set(), set()
    for ep, ep_meta in zip(ds.iterate_episodes(), episode_metadata):
        T = len(ep)
        obs_leaves = leaves(ep.observations, obs_json)
        act_leaves = leaves(ep.actions, act_json)
        rewards = np.asarray(ep.rewards)
        terms = np.asarray(ep.terminations)
        truncs = np.asarray(ep.truncations)
        ret = sequential_sum(rewards)
        returns.append(ret)
        reward_dtypes.add(str(rewards.dtype))
        obs_layouts.add(json.dumps([(d["key"], d["dtype"]) for d in describe_leaves(obs_leaves)]))
        infos = info_leaves(ep.infos)
        episodes.append({
            "id": int(ep.id),
            "length": T,
            "return": jsonable(ret),
            "terminated": bool(terms.reshape(-1)[-1]) if terms.size else None,
            "truncated": bool(truncs.reshape(-1)[-1]) if truncs.size else None,
            "terminations_before_last": int(terms.reshape(-1)[:-1].astype(bool).sum()),
            "truncations_before_last": int(truncs.reshape(-1)[:-1].astype(bool).sum()),
            "first_observation": row(obs_leaves, 0),
            "last_observation": row(obs_leaves, -1),
            "first_action": row(act_leaves, 0) if T else None,
            "last_action": row(act_leaves, -1) if T else None,
            "first_reward": jsonable(rewards.reshape(-1)[0]) if rewards.size else None,
            "last_reward": jsonable(rewards.reshape(-1)[-1]) if rewards.size else None,
            "observations": describe_leaves(obs_leaves),
            "actions": describe_leaves(act_leaves),
            "rewards": {"dtype": str(rewards.dtype), "shape": list(rewards.shape)},
            "terminations": {"dtype": str(terms.dtype), "shape": list(terms.shape)},
            "truncations": {"dtype": str(truncs.dtype), "shape": list(truncs.shape)},
            "infos": [{"key": k, "dtype": str(np.asarray(v).dtype), "shape": list(np.asarray(v).shape),
                       "first": jsonable(np.asarray(v)[0]) if np.asarray(v).ndim and len(v) else None,
                       "last": jsonable(np.asarray(v)[-1]) if np.asarray(v).ndim and len(v) else None}
                      for k, v in infos],
            "episode_metadata": jsonable(ep_meta),
        })

    ref_min = ds.storage.metadata.get("ref_min_score")
    ref_max = ds.storage.metadata.get("ref_max_score")
    normalized = None
    if ref_min is not None and ref_max is not None:
        normalized = jsonable(minari.get_normalized_score(ds, np.asarray(returns, dtype=np.float64)))

    listed = None
    try:
        listed = ds.id in minari.list_local_datasets()
    except Exception:  # a misconfigured neighbour must not hide this dataset's facts
        listed = None

    obs_keys = [k for k, _ in leaves(_skeleton(obs_json), obs_json)]
    return {
        "dataset_id": ds.id,
        "loaded_with": loaded_with,
        "listed_by_list_local_datasets": listed,
        "minari_version": ds.minari_version,
        "read_by_minari": minari.__version__,
        "total_episodes": int(ds.total_episodes),
        "total_steps": int(ds.total_steps),
        "sum_of_episode_lengths": int(sum(e["length"] for e in episodes)),
        "terminated_episodes": sum(1 for e in episodes if e["terminated"]),
        "truncated_episodes": sum(1 for e in episodes if e["truncated"]),
        "reward_dtypes": sorted(reward_dtypes),
        "observation_keys": obs_keys,
        "observation_layouts_consistent": len(obs_layouts) <= 1,
        "observation_space": jsonable(obs_json),
        "observation_space_as_loaded": jsonable(serialize_space(ds.observation_space, to_string=False)),
        "action_space": jsonable(act_json),
        "env_spec": spec_facts(ds.env_spec),
        "eval_env_spec": spec_facts(getattr(ds, "_eval_env_spec", None)),
        "ref_min_score": jsonable(ref_min),
        "ref_max_score": jsonable(ref_max),
        "normalized_returns": normalized,
        "metadata": jsonable(metadata),
        "episodes": episodes,
    }


def _skeleton(space_json):
    """Data-shaped placeholder for `leaves`, to list the keys of a space without data."""
    kind = space_json["type"]
    if kind == "Dict":
        return {k: _skeleton(s) for k, s in space_json["subspaces"].items()}
    if kind == "Tuple":
        return tuple(_skeleton(s) for s in space_json["subspaces"])
    return None


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2 if len(argv) < 2 else 0
    try:
        import minari  # noqa: F401
    except Exception as e:  # ImportError, or a broken install
        print(f"minari_facts: cannot import minari: {type(e).__name__}: {e}".replace("\n", " "),
              file=sys.stderr)
        return 2
    results = {}
    for target in argv[1:]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                facts = dataset_facts(target)
        except Exception as e:
            message = f"minari_facts: cannot read {target}: {type(e).__name__}: {e}"
            print(" ".join(message.split()), file=sys.stderr)
            return 1
        results[facts["dataset_id"] if len(argv) > 2 else target] = facts
    out = results[argv[1]] if len(argv) == 2 else results
    json.dump(out, sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
