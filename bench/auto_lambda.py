#!/usr/bin/env python3
"""Summarises bench/auto-lambda.sh's runs: automatic lambda against fine-tuning and a x10 grid.

For each (scenario, method): the seeds with a fine-tuning, an automatic and every grid run; fine-tuning's
mean ACC, automatic lambda's mean ACC (and its cost: its training time plus the lambda search's, over a fixed-lambda run's training time), the
grid point with the best mean ACC over the same seeds (among the grid points run on all of them), and the verdicts of issue 12: ACC >= fine-tuning
- 1 point in every cell; within 3 points (task-IL, permuted) or 5 (domain-IL) of the best grid point
(class-IL: only the first). Writes OUT/summary.md and prints it.
"""
import glob, json, os, re, statistics, sys
from collections import defaultdict

out = sys.argv[1]
runs = defaultdict(dict)  # (scenario, method, tag) -> seed -> json
for f in glob.glob(os.path.join(out, "*.json")):
    m = re.match(r"(split-task|split-domain|split-class|permuted)-(naive|ewc|online-ewc|mas|si|l2|lwf)-(.+)-(\d+)\.json$",
                 os.path.basename(f))
    if not m:
        continue
    sc, meth, tag, seed = m.group(1), m.group(2), m.group(3), int(m.group(4))
    with open(f) as fh:
        runs[(sc, meth, tag)][seed] = json.load(fh)
tol = {"split-task": 3, "permuted": 3, "split-domain": 5, "split-class": None}
lines = ["| scenario | method | seeds | fine-tune ACC % | automatic λ ACC % | best grid λ | its ACC % | time / fixed λ's | verdict |",
         "|---|---|---|---|---|---|---|---|---|"]
fails = 0
for (sc, meth, tag) in sorted(runs):
    if tag != "auto":
        continue
    grid = {t: r for (s2, m2, t), r in runs.items() if s2 == sc and m2 == meth and t not in ("auto", "naive")}
    naive = runs.get((sc, "naive", "naive"), {})
    seeds = sorted(s for s in runs[(sc, meth, "auto")] if s in naive)
    if not seeds:
        continue
    # the grid points run on every one of those seeds (a grid may be narrowed on later seeds)
    grid = {t: r for t, r in grid.items() if all(s in r for s in seeds)}
    mean = lambda rs: 100 * statistics.mean(rs[s]["acc"] for s in seeds)
    ft, auto = mean(naive), mean(runs[(sc, meth, "auto")])
    ok1 = auto >= ft - 1
    if grid:  # without a grid (e.g. GRID_ewc="" for a quick check) only the first criterion is judged
        best_tag, best = max(((t, mean(r)) for t, r in grid.items()), key=lambda x: x[1])
        # cost: the automatic run's training time plus its search over a fixed-lambda run's training time
        auto_s = statistics.mean(runs[(sc, meth, "auto")][s]["train_seconds"]
                                 + (runs[(sc, meth, "auto")][s].get("lambda_search_seconds") or 0) for s in seeds)
        fixed_s = statistics.mean(r[s]["train_seconds"] for r in grid.values() for s in seeds)
        ok2 = tol[sc] is None or auto >= best - tol[sc]
        best_text, cost = "%s | %.1f" % (best_tag, best), "%.2f" % (auto_s / fixed_s)
    else:
        ok2, best_text, cost = True, "– | –", "–"
    fails += not (ok1 and ok2)
    verdict = ", ".join(v for v, ok in (("below fine-tuning", ok1), ("far from the best grid point", ok2))
                        if not ok) or "ok"
    lines.append("| %s | %s | %s | %.1f | %.1f | %s | %s | %s |" % (
        sc, meth, ",".join(map(str, seeds)), ft, auto, best_text, cost, verdict))
lines.append("")
lines.append("cells failing a criterion: %d" % fails)
text = "\n".join(lines)
print(text)
with open(os.path.join(out, "summary.md"), "w") as fh:
    fh.write(text + "\n")
