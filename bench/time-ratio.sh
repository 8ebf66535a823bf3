#!/usr/bin/env bash
# Training-time ratio Engram / PyTorch measured cleanly: the same run (split-domain fine-tuning on
# Fashion-MNIST) alternately in each framework, one after the other (never at the same time),
# REPS times, median of each. Writes bench/results/time-ratio.md.
# Settings: HIDDEN_LIST ["100,100 400,400"], EPOCHS [1], REPS [3], METHOD [naive], THREADS [1]
# (both frameworks get THREADS threads; the table goes to bench/results/time-ratio.md for 1 thread,
# time-ratio-<N>threads.md otherwise)
set -euo pipefail
cd "$(dirname "$0")/.."
HIDDEN_LIST=${HIDDEN_LIST:-100,100 400,400}
EPOCHS=${EPOCHS:-1}
REPS=${REPS:-3}
METHOD=${METHOD:-naive}
THREADS=${THREADS:-${TORCH_THREADS:-1}}
TORCH_THREADS=$THREADS
TABLE=bench/results/time-ratio.md
[ "$THREADS" = 1 ] || TABLE=bench/results/time-ratio-${THREADS}threads.md
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
JAR=${JAR:-examples/target/engram-examples.jar}
OUT=bench/results/time-ratio
export OMP_WAIT_POLICY=PASSIVE
export OPENBLAS_NUM_THREADS=$THREADS
mkdir -p "$OUT"
common=(--data "$DATA" --scenario split-domain --method "$METHOD" --epochs "$EPOCHS")
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "run: split-domain $METHOD, 5 tasks, $EPOCHS epoch(s) per task, batch 128; Engram pure-Java kernel with $THREADS thread(s) vs PyTorch $TORCH_THREADS thread(s), OMP_WAIT_POLICY=PASSIVE; $REPS alternating repetitions"
  echo
  echo "| hidden | Engram train s (median) | PyTorch train s (median) | ratio Engram/PyTorch | Engram examples/s | PyTorch examples/s |"
  echo "|---|---|---|---|---|---|"
} > "$OUT/time-ratio.md.tmp"
for h in $HIDDEN_LIST; do
  for r in $(seq 1 "$REPS"); do
    java -jar "$JAR" bench "${common[@]}" --hidden "$h" --threads "$THREADS" \
      --json "$OUT/engram-$h-$r.json" > /dev/null
    /usr/bin/python3 bench/pytorch_cl.py "${common[@]}" --hidden "$h" --threads "$TORCH_THREADS" \
      --json "$OUT/pytorch-$h-$r.json" > /dev/null
  done
  /usr/bin/python3 - "$OUT" "$h" "$REPS" >> "$OUT/time-ratio.md.tmp" <<'PY'
import json, statistics, sys
d, h, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
e = [json.load(open("%s/engram-%s-%d.json" % (d, h, r))) for r in range(1, n + 1)]
t = [json.load(open("%s/pytorch-%s-%d.json" % (d, h, r))) for r in range(1, n + 1)]
me = statistics.median(x["train_seconds"] for x in e)
mt = statistics.median(x["train_seconds"] for x in t)
print("| %s | %.1f | %.1f | %.2f | %.0f | %.0f |" % (h, me, mt, me / mt,
      statistics.median(x["examples_per_second"] for x in e),
      statistics.median(x["examples_per_second"] for x in t)))
PY
done
mv "$OUT/time-ratio.md.tmp" "$TABLE"
cat "$TABLE"
