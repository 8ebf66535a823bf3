#!/usr/bin/env bash
# Fashion-MNIST for the replay and calibration README tables:
#  1. class-incremental (split-class) with and without a replay memory, for every method;
#  2. domain-incremental (split-domain) EWC and MAS with --calibrate next to a lambda grid, over
#     several seeds (domain-IL runs on Fashion-MNIST swing by 10-15 points between seeds).
# Writes bench/results/replay-calibration/{replay.md,calibration.md} and one JSON per run.
# Usage: bench/replay-calibration.sh  (from anywhere; resumable)
# Settings: HIDDEN [100,100] EPOCHS [4] SEED [1] (the class-incremental part) LAMBDAS (its λ per
#   method) DATA JAR JAVA: the accuracy runs' settings in bench/common.sh; SEEDS ["1 2 3"]
#   (calibration part) REPLAY [500] OUT [bench/results/replay-calibration] JAVA_OPTS [-Xmx8g]
set -euo pipefail
cd "$(dirname "$0")/.."
# This script's default heap (common.sh's is -Xmx4g).
JAVA_OPTS=${JAVA_OPTS:--Xmx8g}
source bench/common.sh
SEEDS=${SEEDS:-1 2 3}
REPLAY=${REPLAY:-500}
OUT=${OUT:-bench/results/replay-calibration}

need_data
need_jar
mkdir -p "$OUT/json"
{
  machine_line
  echo "settings: hidden $HIDDEN, epochs $EPOCHS, batch 128, Adam lr 0.001, seed $SEED, replay $REPLAY, lambdas: $LAMBDAS"
} > "$OUT/run-info.txt"

run() { # name, then bench flags
  local name=$1; shift
  [ -f "$OUT/json/$name.json" ] && return
  echo "== $name"
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -jar "$JAR" bench --data "$DATA" --hidden "$HIDDEN" --epochs "$EPOCHS" \
    --json "$OUT/json/$name.json" "$@" > "$OUT/json/$name.log" 2>&1
}

for m in naive ewc online-ewc mas si l2 lwf; do
  for r in 0 "$REPLAY"; do
    lambda=$(lambda_of "$m")
    run "class-$m-replay$r" --scenario split-class --method "$m" ${lambda:+--lambda "$lambda"} \
      --replay-size "$r" --seed "$SEED"
  done
done
for s in $SEEDS; do
  d=(--scenario split-domain --seed "$s")
  for l in 1e3 1e4 1e5 1e6 1e7; do run "domain-ewc-l$l-s$s" "${d[@]}" --method ewc --lambda "$l"; done
  for l in 0.1 1 10 100 1000; do run "domain-mas-l$l-s$s" "${d[@]}" --method mas --lambda "$l"; done
  run "domain-ewc-calibrated-s$s" "${d[@]}" --method ewc --lambda 1e5 --calibrate
  run "domain-mas-calibrated-s$s" "${d[@]}" --method mas --lambda 10 --calibrate
  run "domain-naive-s$s" "${d[@]}" --method naive
done

python3 - "$OUT" "$REPLAY" $SEEDS <<'PY'
import json, os, statistics, sys
out, replay, seeds = sys.argv[1], sys.argv[2], sys.argv[3:]
def load(n):
    with open(os.path.join(out, "json", n + ".json")) as f:
        return json.load(f)
pct = lambda v: "–" if v is None else f"{100*v:.1f}"
rows = [f"| method | ACC % without replay | ACC % with replay {replay} | BWT % without | BWT % with |", "|---|---|---|---|---|"]
for m in ["naive", "ewc", "online-ewc", "mas", "si", "l2", "lwf"]:
    a, b = load(f"class-{m}-replay0"), load(f"class-{m}-replay{replay}")
    rows.append(f"| {m} | {pct(a['acc'])} | {pct(b['acc'])} | {pct(a['bwt'])} | {pct(b['bwt'])} |")
open(os.path.join(out, "replay.md"), "w").write("\n".join(rows) + "\n")
def cell(name):
    js = [load(f"{name}-s{s}") for s in seeds]
    accs = [100 * j["acc"] for j in js]
    sd = statistics.stdev(accs) if len(accs) > 1 else 0.0
    each = " / ".join(f"{a:.1f}" for a in accs)
    return js, f"{statistics.mean(accs):.1f} ± {sd:.1f} ({each})"
rows = [f"| method | λ | ACC % mean ± s.d. over seeds {','.join(seeds)} | λ chosen for tasks 2-5 (calibrated; per seed) |", "|---|---|---|---|"]
rows.append(f"| naive | – | {cell('domain-naive')[1]} | |")
for m, grid in [("ewc", ["1e3", "1e4", "1e5", "1e6", "1e7"]), ("mas", ["0.1", "1", "10", "100", "1000"])]:
    for l in grid:
        rows.append(f"| {m} | {l} | {cell(f'domain-{m}-l{l}')[1]} | |")
    js, text = cell(f"domain-{m}-calibrated")
    lam = "; ".join(", ".join(f"{v:.3g}" for v in j["lambda_per_task"][1:]) for j in js)
    rows.append(f"| {m} | calibrated | {text} | {lam} |")
open(os.path.join(out, "calibration.md"), "w").write("\n".join(rows) + "\n")
print(open(os.path.join(out, "replay.md")).read())
print(open(os.path.join(out, "calibration.md")).read())
PY
