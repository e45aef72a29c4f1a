#!/usr/bin/env python3
"""Fixture runs for `d4rl-score`, and the tables it must print for them, worked out here.

    python3 tools/expected_tables.py fixtures   # writes Fixtures/results/ (runs, CSV, malformed files)
    python3 tools/expected_tables.py tables     # writes Fixtures/tools-output/table-*.{md,csv,tex,json}

`tables` reads Fixtures/results/runs/**/result.json and Fixtures/results/other-tools.csv and
builds the expected tables from the rules of README "Scores: d4rl-score" with plain Python
loops, independently of the Swift code under test:

- cell = mean ± population std over seeds of each run's `final_score` (or `best_score`);
  CSV returns are normalised here as 100 * (return - random) / (expert - random) with
  Fixtures/reference/d4rl_ref_scores.tsv;
- rows ordered by domain, robot, quality, version; after each domain with two or more rows
  a total row (sum of the column's means, empty if one is missing) and an average row;
- published columns from Fixtures/reference/published_scores.tsv, exact name only;
- best cells per row (highest mean, all on a tie) bold in Markdown and LaTeX, listed by
  column index in JSON (`best`); a JSON cell leaves out `std` and `seeds` where it has none,
  and a missing cell is null.

Sums are left-to-right float additions and numbers are printed with '%.Nf', the same IEEE
arithmetic and rounding a C printf does, so the files can be compared byte for byte.
Standard library only; both commands are deterministic.
"""

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "Fixtures" / "results"
OUTPUT = ROOT / "Fixtures" / "tools-output"
REFERENCE = ROOT / "Fixtures" / "reference"

STEPS = [200000, 400000, 600000, 800000, 1000000]
# Fraction of the final return reached at each step: a peak before the end, so best != final.
PROGRESS = [0.55, 0.75, 0.9, 1.04, 1.0]
# Final mean return per (dataset, algorithm) before the per-seed offset.
FINAL_RETURNS = {
    ("hopper-medium-v2", "IQL"): 2150.0,
    ("hopper-medium-v2", "BC"): 1720.0,
    ("walker2d-medium-v2", "IQL"): 3610.0,
    ("walker2d-medium-v2", "BC"): 2480.0,
}
DOMAINS = ["locomotion", "antmaze", "kitchen", "adroit", "maze2d", "bullet", "flow", "carla", "minigrid"]
ROBOTS = ["halfcheetah", "hopper", "walker2d", "ant", "pen", "hammer", "door", "relocate"]
LOCOMOTION_QUALITIES = ["random", "medium", "medium-replay", "full-replay", "medium-expert", "expert"]
QUALITIES = {
    "locomotion": LOCOMOTION_QUALITIES,
    "bullet": LOCOMOTION_QUALITIES,
    "antmaze": ["umaze", "umaze-diverse", "medium-play", "medium-diverse", "large-play", "large-diverse"],
    "kitchen": ["complete", "partial", "mixed"],
    "adroit": ["human", "cloned", "expert"],
    "maze2d": ["open", "umaze", "medium", "large", "open-dense", "umaze-dense", "medium-dense", "large-dense"],
}
PUBLISHED = {"iql-paper": ("IQL", "IQL (paper)"), "corl": ("IQL (CORL)", "IQL (CORL)")}
TABLES = [  # file stem, metric, published sources
    ("table-final", "final", ["iql-paper", "corl"]),
    ("table-best", "best", []),
]


def reference_scores():
    with open(REFERENCE / "d4rl_ref_scores.tsv", newline="") as f:
        return {row["env"]: (float(row["REF_MIN_SCORE"]), float(row["REF_MAX_SCORE"]))
                for row in csv.DictReader(f, delimiter="\t")}


def normalize(value, name):
    low, high = reference_scores()[name]
    return 100 * (value - low) / (high - low)


def add(values):
    total = 0.0
    for value in values:
        total += value
    return total


def mean_std(values):
    mean = add(values) / len(values)
    variance = add([(v - mean) * (v - mean) for v in values]) / len(values)
    return mean, math.sqrt(variance)


# ---------------------------------------------------------------- fixtures


def run_result(dataset, algorithm, seed, steps):
    """A result.json whose returns rise towards FINAL_RETURNS, three episodes per evaluation."""
    final = FINAL_RETURNS[(dataset, algorithm)] + [0.0, 85.0, -60.0, 20.0, 40.0, -30.0, 10.0][seed]
    evaluations = []
    for k, step in enumerate(steps):
        level = final * PROGRESS[k] + (-1) ** (k + seed) * 15.0 * (seed + 1)
        returns = [level - 20.0 - seed, level + 2.5, level + 17.5 + seed]
        mean, std = mean_std(returns)
        evaluations.append({
            "step": step, "mean_return": mean, "std_return": std,
            "normalized_score": normalize(mean, dataset),
            "returns": returns, "episode_lengths": [1000, 1000, 1000],
        })
    scores = [e["normalized_score"] for e in evaluations]
    return {
        "format": "d4rl-iql-run", "version": 1, "dataset": dataset, "algorithm": algorithm,
        "seed": seed, "steps": steps[-1], "evaluations": evaluations,
        "final_score": scores[-1], "best_score": max(scores),
        "versions": {"d4rl-iql": "fixture", "mujoco": "3.3.0", "swift": "6.3"},
    }


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n")


def write_fixtures():
    for (dataset, algorithm) in FINAL_RETURNS:
        for seed in range(3):
            write_json(RESULTS / "runs" / f"{dataset}-{algorithm.lower()}-seed{seed}" / "result.json",
                       run_result(dataset, algorithm, seed, STEPS))
    (RESULTS / "other-tools.csv").write_text(
        "dataset,algorithm,seed,return\n"
        "hopper_medium-v2.hdf5,TD3+BC,0,1905.25\n"
        "hopper_medium-v2.hdf5,TD3+BC,1,2010.5\n"
        "hopper_medium-v2.hdf5,TD3+BC,2,1840.75\n"
        "walker2d-medium-v2,TD3+BC,0,3650.0\n"
        "walker2d-medium-v2,TD3+BC,1,3702.25\n"
        "walker2d-medium-v2,TD3+BC,2,3580.5\n"
        "antmaze-umaze-v0,TD3+BC,0,1\n"
        "antmaze-umaze-v0,TD3+BC,1,0\n")
    malformed = RESULTS / "malformed"
    good = json.dumps(run_result("hopper-medium-v2", "IQL", 3, STEPS), indent=2, sort_keys=True)
    (malformed / "truncated").mkdir(parents=True, exist_ok=True)
    (malformed / "truncated" / "result.json").write_text(good[: len(good) // 2])
    missing = run_result("hopper-medium-v2", "IQL", 4, STEPS)
    del missing["final_score"]
    write_json(malformed / "missing-key" / "result.json", missing)
    write_json(malformed / "duplicate-seed" / "result.json", run_result("hopper-medium-v2", "IQL", 0, STEPS[:4] + [1100000]))
    write_json(malformed / "short-run" / "result.json", run_result("walker2d-medium-v2", "BC", 5, STEPS[:2]))
    unknown = run_result("hopper-medium-v2", "IQL", 6, STEPS)
    unknown["dataset"] = "hoper-medium-v2"
    write_json(malformed / "unknown-dataset" / "result.json", unknown)
    (malformed / "bad-rows.csv").write_text(
        "dataset,algorithm,seed,return\n"
        "hopper-medium-v9,CQL,0,1500\n"
        "hopper-medium-v2,CQL,one,1500\n"
        "hopper-medium-v2,CQL,0,lots\n"
        "hopper-medium-v2,CQL,0\n")


# ---------------------------------------------------------------- tables


def read_runs():
    """(dataset, algorithm, seed, final, best) of every fixture run."""
    runs = []
    for path in sorted((RESULTS / "runs").rglob("result.json")):
        result = json.loads(path.read_text())
        runs.append((result["dataset"], result["algorithm"], result["seed"], result["final_score"], result["best_score"]))
    with open(RESULTS / "other-tools.csv", newline="") as f:
        for row in csv.DictReader(f):
            name = row["dataset"].removesuffix(".hdf5").replace("_", "-").lower()
            score = normalize(float(row["return"]), name)
            runs.append((name, row["algorithm"], int(row["seed"]), score, score))
    return runs


def rank(value, known):
    return (known.index(value) if value in known else len(known), value)


def parts(name):
    """(domain, robot, quality, version) of a D4RL name."""
    words = name.split("-")
    version = int(words.pop()[1:])
    bullet = words[0] == "bullet"
    if bullet:
        words = words[1:]
    robot, quality = words[0], "-".join(words[1:])
    if bullet:
        domain = "bullet"
    elif robot in ("halfcheetah", "hopper", "walker2d", "ant"):
        domain = "locomotion"
    elif robot in ("pen", "hammer", "door", "relocate"):
        domain = "adroit"
    else:
        domain = robot
    return domain, robot, quality, version


def order(name):
    domain, robot, quality, version = parts(name)
    return (rank(domain, DOMAINS), rank(robot, ROBOTS), rank(quality, QUALITIES.get(domain, [])), version)


def published_scores(source):
    algorithm = PUBLISHED[source][0]
    with open(REFERENCE / "published_scores.tsv", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["algorithm"] == algorithm]
    return {r["dataset"]: {"mean": float(r["score"]), "std": float(r["std"]) if r["std"] else None, "seeds": None}
            for r in rows}


def build_table(runs, metric, sources):
    """(columns, rows); a row is (label, kind, domain, cells), a cell a dict or None."""
    algorithms = sorted({r[1] for r in runs})
    columns = algorithms + [PUBLISHED[s][1] for s in sources]
    published = [published_scores(s) for s in sources]
    datasets = sorted({r[0] for r in runs}, key=order)
    dataset_rows = []
    for dataset in datasets:
        cells = []
        for algorithm in algorithms:
            scores = [r[3] if metric == "final" else r[4] for r in runs if r[0] == dataset and r[1] == algorithm]
            if scores:
                mean, std = mean_std(scores)
                cells.append({"mean": mean, "std": std, "seeds": len(scores)})
            else:
                cells.append(None)
        cells += [p.get(dataset) for p in published]
        dataset_rows.append((dataset, "dataset", parts(dataset)[0], cells))
    rows = []
    for i, row in enumerate(dataset_rows):
        rows.append(row)
        last_of_domain = i + 1 == len(dataset_rows) or dataset_rows[i + 1][2] != row[2]
        domain_rows = [r for r in dataset_rows if r[2] == row[2]]
        if last_of_domain and len(domain_rows) >= 2:
            rows += summary_rows(row[2], domain_rows, len(columns))
    return columns, rows


def summary_rows(domain, domain_rows, width):
    totals, averages = [], []
    for column in range(width):
        cells = [r[3][column] for r in domain_rows]
        if all(c is not None for c in cells):
            total = add([c["mean"] for c in cells])
            totals.append({"mean": total, "std": None, "seeds": None})
            averages.append({"mean": total / len(cells), "std": None, "seeds": None})
        else:
            totals.append(None)
            averages.append(None)
    return [(f"{domain} total", "total", domain, totals), (f"{domain} average", "average", domain, averages)]


def best_columns(cells):
    means = [c["mean"] for c in cells if c is not None]
    best = max(means) if means else None
    return {i for i, c in enumerate(cells) if c is not None and c["mean"] == best}


def cell_text(cell, plus_minus):
    text = "%.1f" % cell["mean"]
    if cell["std"] is not None:
        text += " %s %.1f" % (plus_minus, cell["std"])
    if cell["seeds"] is not None:
        text += " (%d)" % cell["seeds"]
    return text


def rendered_cells(cells, plus_minus, missing, bold):
    best = best_columns(cells)
    out = []
    for i, cell in enumerate(cells):
        if cell is None:
            out.append(missing)
        else:
            text = cell_text(cell, plus_minus)
            out.append(bold % text if i in best else text)
    return out


def caption(metric):
    return ("Normalised score ×100 (%s evaluation): mean ± std over seeds (population std), "
            "seed count in brackets; best per row in bold." % metric)


def markdown(columns, rows, metric):
    lines = [caption(metric), "", "| dataset | " + " | ".join(columns) + " |", "|:--|" + "--:|" * len(columns)]
    for label, _, _, cells in rows:
        lines.append("| " + label + " | " + " | ".join(rendered_cells(cells, "±", "—", "**%s**")) + " |")
    return "\n".join(lines) + "\n"


def latex(columns, rows, metric):
    lines = ["% " + caption(metric), "\\begin{tabular}{l" + "r" * len(columns) + "}", "\\toprule",
             " & ".join(["Dataset"] + columns) + " \\\\", "\\midrule"]
    for i, (label, kind, domain, cells) in enumerate(rows):
        if i > 0:
            _, previous_kind, previous_domain, _ = rows[i - 1]
            if previous_domain != domain or (previous_kind == "dataset" and kind != "dataset"):
                lines.append("\\midrule")
        lines.append(" & ".join([label] + rendered_cells(cells, "$\\pm$", "--", "\\textbf{%s}")) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    return "\n".join(lines) + "\n"


def csv_text(columns, rows):
    header = ["dataset"]
    for column in columns:
        header += [column, column + " std", column + " seeds"]
    lines = [",".join(header)]
    for label, _, _, cells in rows:
        fields = [label]
        for cell in cells:
            if cell is None:
                fields += ["", "", ""]
            else:
                fields += ["%.2f" % cell["mean"],
                           "" if cell["std"] is None else "%.2f" % cell["std"],
                           "" if cell["seeds"] is None else str(cell["seeds"])]
        lines.append(",".join(fields))
    return "\n".join(lines) + "\n"


def json_text(columns, rows, metric):
    def cell(c):
        return None if c is None else {k: v for k, v in c.items() if v is not None}
    document = {"metric": metric, "columns": columns, "rows": [
        {"label": label, "kind": kind, "domain": domain, "cells": [cell(c) for c in cells],
         "best": sorted(best_columns(cells))}
        for label, kind, domain, cells in rows]}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_tables():
    runs = read_runs()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for stem, metric, sources in TABLES:
        columns, rows = build_table(runs, metric, sources)
        (OUTPUT / (stem + ".md")).write_text(markdown(columns, rows, metric))
        (OUTPUT / (stem + ".csv")).write_text(csv_text(columns, rows))
        (OUTPUT / (stem + ".tex")).write_text(latex(columns, rows, metric))
        (OUTPUT / (stem + ".json")).write_text(json_text(columns, rows, metric))
        print(OUTPUT / stem, "(.md, .csv, .tex, .json)")


if __name__ == "__main__":
    commands = {"fixtures": write_fixtures, "tables": write_tables}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
