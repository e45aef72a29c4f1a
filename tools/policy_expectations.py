#!/usr/bin/env python3
"""Expected actions of a behaviour policy file, computed independently with numpy.

Writes Fixtures/policies/<name>-expectations.json: a few observations (float32 values) and,
for each, the Gaussian mean mu(s) and the deterministic action clip(mu(s), -1, 1), computed
in float64 from the file's float32 weights by the forward pass of
/work/shared/policies/README.md:

    x = (obs - obs_mean) / obs_denom
    h = tanh(x @ layer0/kernel + layer0/bias)
    h = tanh(h @ layer1/kernel + layer1/bias)
    mean = h @ layer2/kernel + layer2/bias

Usage: python3 tools/policy_expectations.py [Fixtures/policies/hopper-expert.h5]
"""
import json
import sys
from pathlib import Path

import h5py
import numpy as np


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "Fixtures/policies/hopper-expert.h5")
    with h5py.File(path, "r") as f:
        arrays = {key: np.asarray(f[key], dtype=np.float64) for key in
                  ["obs_mean", "obs_denom", "layer0/kernel", "layer0/bias", "layer1/kernel", "layer1/bias",
                   "layer2/kernel", "layer2/bias", "log_std"]}
    rng = np.random.default_rng(20251125)
    dim = arrays["obs_mean"].shape[0]
    # Observations around the policy's own statistics, some far out so that clipping shows.
    scales = [0.0, 0.5, 1.0, 1.0, 3.0]
    observations = [(arrays["obs_mean"] + s * arrays["obs_denom"] * rng.standard_normal(dim)).astype(np.float32)
                    for s in scales]
    cases = []
    for obs in observations:
        x = (obs.astype(np.float64) - arrays["obs_mean"]) / arrays["obs_denom"]
        h = np.tanh(x @ arrays["layer0/kernel"] + arrays["layer0/bias"])
        h = np.tanh(h @ arrays["layer1/kernel"] + arrays["layer1/bias"])
        mean = h @ arrays["layer2/kernel"] + arrays["layer2/bias"]
        cases.append({"observation": [float(v) for v in obs], "mean": mean.tolist(),
                      "action": np.clip(mean, -1, 1).tolist()})
    out = path.with_name(path.stem + "-expectations.json")
    out.write_text(json.dumps({"policy": path.name, "log_std": arrays["log_std"].tolist(), "cases": cases}, indent=1) + "\n")
    print(f"wrote {out}: {len(cases)} observations")


if __name__ == "__main__":
    main()
