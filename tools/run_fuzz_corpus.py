#!/usr/bin/env python3
"""Run the built tools on every file of the fuzz corpus and tabulate what they do.

    python3 tools/run_fuzz_corpus.py [--corpus Fixtures/fuzz] [--build .build/debug]
                                     [--timeout 20] [--memory-mb 4000] [--only SUBSTRING]
                                     [--json results.json]

For each manifest entry it runs, one process at a time, each under a virtual-memory limit
(RLIMIT_AS) and a wall-clock timeout (the process group it started is killed on expiry):

    every file        d4rl-inspect FILE;  d4rl-inspect --json FILE;  d4rl-inspect --any-hdf5 FILE
    checkpoints       iql-eval FILE --episodes 1
    SAC checkpoints   sac-train --env hopper --resume --check -o DIR   (DIR/checkpoint.h5 a copy of FILE)
    policies          d4rl-collect --env hopper --policy stochastic:FILE --transitions 20 --workers 1

and classifies each run: ok (exit 0), error (exit 1 with exactly one stderr line, starting with
"Error:"), multi-error (exit 1 with more stderr lines), exit-N, crash (killed by a signal),
hang (timeout). The expected outcome comes from the manifest: `expect` for the plain inspector
on datasets, for iql-eval on checkpoints and for d4rl-collect on policies; `expect_tree` for
--any-hdf5; checkpoints and policies must be refused by the plain inspector (they are not D4RL
datasets). For `ok` datasets it also compares the per-dimension observation means of
`--json` with h5py's, and checks that `tree_mentions` paths appear in the text and JSON output.

Prints a Markdown table of every run that does not behave, then counts per outcome.
"""

import argparse
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def limit_memory(megabytes):
    def apply():
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run(argv, timeout, memory_mb, cwd):
    for attempt in range(60):   # a binary being relinked by a concurrent build: wait for it
        try:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                                    preexec_fn=limit_memory(memory_mb), start_new_session=True)
            break
        except OSError as e:
            if e.errno not in (26, 2) or attempt == 59:   # ETXTBSY, ENOENT
                raise
            time.sleep(5)
    try:
        out, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)   # the session this call started, nothing else
        out, err = proc.communicate()
        rc = None
    return rc, out.decode(errors="replace"), err.decode(errors="replace"), time.perf_counter() - started


def classify(rc, err):
    lines = [l for l in err.replace("\r", "\n").splitlines() if l.strip()]
    errors = sum(1 for l in lines if l.startswith("Error:"))
    if rc is None:
        return "hang", errors, lines
    if rc < 0:
        return f"crash({signal.Signals(-rc).name})", errors, lines
    if rc == 0:
        return "ok", errors, lines
    if rc == 1 and errors == 1 and len(lines) == 1:
        return "error", errors, lines
    if rc == 1:
        return "multi-error", errors, lines
    return f"exit-{rc}", errors, lines


def expected_for(entry, command):
    if command == "inspect-any-hdf5":
        e = entry.get("expect_tree", entry["expect"])
        return "ok" if e == "warn" else e
    if command in ("inspect", "inspect-json") and entry["input"] != "dataset":
        return "error"
    return entry["expect"]


def verdict(outcome, expected):
    if outcome.startswith("crash"):
        return "CRASH"
    if outcome == "hang":
        return "HANG"
    if outcome == "multi-error":
        return "MULTI-LINE ERROR"
    if outcome.startswith("exit-"):
        return "BAD EXIT CODE"
    if expected == "either" or outcome == expected:
        return "pass"
    return "EXIT 0, SHOULD FAIL" if outcome == "ok" else "FAILS, SHOULD SUCCEED"


def h5py_observation_means(path):
    try:
        import h5py
        import numpy as np
    except ImportError:
        return None
    with h5py.File(path, "r") as f:
        obs = np.asarray(f["observations"][()], np.float64).astype(np.float32).astype(np.float64)
    means = []
    for column in (obs.T if obs.ndim == 2 else obs.reshape(1, -1)):
        finite = column[np.isfinite(column)]
        means.append(float(finite.mean()) if finite.size else None)
    return means


def extra_checks(entry, command, path, out):
    """Silent misbehaviour in a successful run: dropped tree entries, wrong numbers."""
    problems = []
    if command in ("inspect", "inspect-json", "inspect-any-hdf5"):
        for mention in entry.get("tree_mentions", []):
            if mention not in out:
                problems.append(f"output does not mention {mention}")
    if command == "inspect-json" and entry["input"] == "dataset" and entry["expect"] == "ok":
        try:
            report = json.loads(out)
        except ValueError:
            return problems + ["--json output is not JSON"]
        try:
            want = h5py_observation_means(path)
        except Exception:   # noqa: BLE001 - a file h5py cannot read fully (a damaged, "ok" one)
            want = None
        got = [d.get("mean") if isinstance(d, dict) else None for d in report.get("observations", [])]
        if want is not None and got and len(got) == len(want):
            bad = [i for i, (g, w) in enumerate(zip(got, want))
                   if w is not None and (g is None or not math.isclose(g, w, rel_tol=1e-4, abs_tol=1e-6))]
            if bad:
                i = bad[0]
                problems.append(f"observation means differ from h5py in {len(bad)} dims (dim {i}: {got[i]} vs "
                                f"{want[i]:.6g})")
        elif want is not None:
            problems.append(f"--json has {len(got)} observation dims, h5py {len(want)}")
    return problems


def commands(entry, path, build, scratch):
    inspect = str(build / "d4rl-inspect")
    out = [("inspect", [inspect, path]), ("inspect-json", [inspect, "--json", path]),
           ("inspect-any-hdf5", [inspect, "--any-hdf5", path])]
    if entry["input"] == "checkpoint":
        out.append(("iql-eval", [str(build / "iql-eval"), path, "--episodes", "1"]))
    if entry["input"] == "sac-checkpoint":
        run = Path(scratch) / "sac-run"
        run.mkdir(exist_ok=True)
        shutil.copyfile(path, run / "checkpoint.h5")
        out.append(("sac-train", [str(build / "sac-train"), "--env", "hopper", "--resume", "--check", "-o", str(run)]))
    if entry["input"] in ("policy", "sac-policy"):
        out.append(("d4rl-collect", [str(build / "d4rl-collect"), "--env", "hopper", "--policy", f"stochastic:{path}",
                                     "--transitions", "20", "--workers", "1", "-o",
                                     str(Path(scratch) / "collected.hdf5"), "--overwrite"]))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description="Run the built tools on the fuzz corpus.")
    p.add_argument("--corpus", type=Path, default=ROOT / "Fixtures" / "fuzz")
    p.add_argument("--build", type=Path, default=ROOT / ".build" / "debug")
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("--memory-mb", type=int, default=4000)
    p.add_argument("--only", default=None, help="run files whose name contains this")
    p.add_argument("--json", type=Path, default=None, help="write every run's record here")
    a = p.parse_args(argv)
    manifest = json.loads((a.corpus / "manifest.json").read_text())
    records = []
    with tempfile.TemporaryDirectory() as scratch:
        for entry in manifest["files"]:
            if a.only and a.only not in entry["file"]:
                continue
            path = str((a.corpus / entry["file"]).resolve())
            for command, argv_ in commands(entry, path, a.build.resolve(), scratch):
                rc, out, err, seconds = run(argv_, a.timeout, a.memory_mb, scratch)
                outcome, errors, lines = classify(rc, err)
                expected = expected_for(entry, command)
                v = verdict(outcome, expected)
                notes = extra_checks(entry, command, path, out) if outcome == "ok" else []
                if notes and v == "pass":
                    v = "SILENT MISREAD"
                records.append({"file": entry["file"], "command": command, "input": entry["input"],
                                "expect": expected, "outcome": outcome, "rc": rc, "error_lines": errors,
                                "stderr_lines": len(lines), "first_stderr": lines[0][:240] if lines else "",
                                "verdict": v, "notes": notes, "seconds": round(seconds, 2)})
                print(f"{v:22s} {outcome:14s} {command:17s} {entry['file']}", file=sys.stderr)
    if a.json:
        a.json.write_text(json.dumps(records, indent=1) + "\n")
    bad = [r for r in records if r["verdict"] != "pass"]
    print("| file | command | expected | outcome | Error: lines | first stderr line / note |")
    print("|---|---|---|---|---|---|")
    for r in bad:
        note = "; ".join(r["notes"]) or r["first_stderr"]
        print(f"| {r['file']} | {r['command']} | {r['expect']} | {r['outcome']} | {r['error_lines']} | "
              f"{note.replace('|', '/')} |")
    counts = {}
    for r in records:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    print()
    print(f"{len(records)} runs on {len({r['file'] for r in records})} files: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
