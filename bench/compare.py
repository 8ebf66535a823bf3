#!/usr/bin/env python3
"""Sets Engram's and PyTorch's bench JSON side by side.

Usage: compare.py ENGRAM_DIR PYTORCH_DIR OUT_DIR [HEADER_LINE...]
Writes OUT_DIR/comparison.md and comparison.csv: ACC per method and scenario from each, their
difference, and the training-time ratio Engram / PyTorch. comparison.md opens with the header
lines (compare-pytorch.sh: the machine, the torch that ran, the settings) and the torch versions
the compared PyTorch runs recorded in their JSON (a resumed run may hold older ones).
"""
import csv
import glob
import json
import os
import sys

SCENARIOS = ["split-task", "split-domain", "split-class", "permuted"]
METHODS = ["naive", "l2", "ewc", "online-ewc", "si", "mas", "lwf", "joint"]


def load(d):
    out = {}
    for p in glob.glob(os.path.join(d, "json", "*.json")):
        with open(p) as f:
            r = json.load(f)
        out[(r["scenario"], r["method"])] = r
    return out


def main():
    e_dir, t_dir, out = sys.argv[1:4]
    header = sys.argv[4:]
    e, t = load(e_dir), load(t_dir)
    keys = [(s, m) for s in SCENARIOS for m in METHODS if (s, m) in e and (s, m) in t]
    rows = []
    for s, m in keys:
        a, b = e[(s, m)], t[(s, m)]
        rows.append([s, m, a["acc"], b["acc"], a["acc"] - b["acc"], a["bwt"], b["bwt"],
                     a["train_seconds"], b["train_seconds"],
                     a["train_seconds"] / b["train_seconds"] if b["train_seconds"] else None,
                     a["importance_seconds"], b["importance_seconds"]])
    with open(os.path.join(out, "comparison.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["scenario", "method", "engram_acc", "pytorch_acc", "acc_difference",
                    "engram_bwt", "pytorch_bwt", "engram_train_s", "pytorch_train_s",
                    "time_ratio_engram_over_pytorch", "engram_importance_s", "pytorch_importance_s"])
        w.writerows(rows)
    versions = {}
    for k in keys:
        info = t[k].get("torch_info")
        v = "torch " + info["version"] if info else "torch not recorded (run before torch_info)"
        versions[v] = versions.get(v, 0) + 1
    lines = list(header)
    if versions:
        lines.append("PyTorch runs compared: " + ", ".join(
            "%s (%d)" % (v, n) for v, n in sorted(versions.items())))
    if lines:
        lines.append("")
    lines += ["| scenario | method | Engram ACC % | PyTorch ACC % | diff | Engram BWT % | PyTorch BWT %"
             " | Engram train s | PyTorch train s | time ratio |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| %s | %s | %.1f | %.1f | %+.1f | %+.1f | %+.1f | %.0f | %.0f | %.2f |" % (
            r[0], r[1], 100 * r[2], 100 * r[3], 100 * r[4], 100 * r[5], 100 * r[6], r[7], r[8],
            r[9] or float("nan")))
    ratios = sorted(r[9] for r in rows if r[9])
    if ratios:
        lines.append("")
        lines.append("Median training-time ratio Engram / PyTorch over %d runs: %.2f" % (
            len(ratios), ratios[len(ratios) // 2]))
    with open(os.path.join(out, "comparison.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
