#!/usr/bin/env python3
"""Summarises bench JSON files (one per scenario and method) into results.md, results.csv and plots.

Usage: summarise.py RESULTS_DIR [--title NAME]
Reads RESULTS_DIR/json/<scenario>-<method>.json (the engram-examples bench --json format) and
writes RESULTS_DIR/results.md, results.csv, accuracy.png and curves.png.
"""
import argparse
import csv
import glob
import json
import math
import os

SCENARIOS = ["split-task", "split-domain", "split-class", "permuted"]
METHODS = ["naive", "l2", "ewc", "online-ewc", "si", "mas", "lwf", "joint"]


def load(directory):
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, "json", "*.json"))):
        with open(path) as f:
            r = json.load(f)
        runs[(r["scenario"], r["method"])] = r
    return runs


def pct(v, signed=False):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return ("%+.1f" if signed else "%.1f") % (100 * v)


def curve(matrix):
    out = []
    for i, row in enumerate(matrix):
        seen = [v for v in row[: i + 1] if v is not None]
        out.append(sum(seen) / len(seen) if seen else float("nan"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory")
    ap.add_argument("--title", default="")
    a = ap.parse_args()
    runs = load(a.directory)
    if not runs:
        raise SystemExit("no JSON results in " + a.directory)
    scenarios = [s for s in SCENARIOS if any(k[0] == s for k in runs)]
    methods = [m for m in METHODS if any(k[1] == m for k in runs)]

    with open(os.path.join(a.directory, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["scenario", "method", "tasks", "lambda", "acc", "bwt", "fwt", "forgetting",
                    "train_seconds", "importance_seconds", "examples_per_second", "peak_heap_mb",
                    "hidden", "epochs", "via"])
        for s in scenarios:
            for m in methods:
                r = runs.get((s, m))
                if r is None:
                    continue
                lam = r.get("lambda_per_task") or [None]
                w.writerow([s, m, len(r["accuracy_matrix"]), lam[0], r["acc"], r["bwt"], r["fwt"],
                            r["forgetting"], r["train_seconds"], r["importance_seconds"],
                            r["examples_per_second"], r["peak_heap_mb"], r.get("hidden", ""),
                            r.get("epochs", ""), r.get("via", "")])

    lines = []
    if a.title:
        lines.append("### " + a.title + "\n")
    info = os.path.join(a.directory, "run-info.txt")
    if os.path.exists(info):
        with open(info) as f:
            lines += ["    " + l.rstrip() for l in f] + [""]
    lines.append("ACC % (BWT %) after the last task; λ as run; train time in seconds.\n")
    head = "| method | λ | " + " | ".join(scenarios) + " |"
    lines += [head, "|" + "---|" * (len(scenarios) + 2)]
    for m in methods:
        lam = ""
        cells = []
        for s in scenarios:
            r = runs.get((s, m))
            if r is None:
                cells.append("")
                continue
            l = (r.get("lambda_per_task") or [None])[0]
            lam = "–" if not l else ("%.0e" % l if l >= 1000 else "%g" % l)
            cells.append("%s (%s) %.0fs" % (pct(r["acc"]), pct(r["bwt"], True), r["train_seconds"]))
        lines.append("| %s | %s | %s |" % (m, lam, " | ".join(cells)))
    with open(os.path.join(a.directory, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing (apt-get install python3-matplotlib): no plots")
        return
    fig, axes = plt.subplots(1, len(scenarios), figsize=(4.2 * len(scenarios), 3.6), squeeze=False)
    for ax, s in zip(axes[0], scenarios):
        for m in methods:
            r = runs.get((s, m))
            if r is None:
                continue
            c = curve(r["accuracy_matrix"])
            ax.plot(range(1, len(c) + 1), [100 * v for v in c], marker="o", label=m)
        ax.set_title(s)
        ax.set_xlabel("tasks trained")
        ax.set_ylabel("mean accuracy on tasks so far %")
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=8, loc="lower left")
    fig.suptitle(a.title)
    fig.tight_layout()
    fig.savefig(os.path.join(a.directory, "curves.png"), dpi=100)

    fig, ax = plt.subplots(figsize=(9, 3.8))
    width = 0.8 / len(scenarios)
    for k, s in enumerate(scenarios):
        xs, ys = [], []
        for i, m in enumerate(methods):
            r = runs.get((s, m))
            if r is not None and r["acc"] is not None:
                xs.append(i + k * width)
                ys.append(100 * r["acc"])
        ax.bar(xs, ys, width, label=s)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(methods))])
    ax.set_xticklabels(methods)
    ax.set_ylabel("ACC % after the last task")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8, ncol=len(scenarios))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(a.title)
    fig.tight_layout()
    fig.savefig(os.path.join(a.directory, "accuracy.png"), dpi=100)


if __name__ == "__main__":
    main()
