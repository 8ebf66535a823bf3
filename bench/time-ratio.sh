#!/usr/bin/env bash
# Training-time ratio Engram / PyTorch measured cleanly: the same run (split-domain fine-tuning on
# Fashion-MNIST) alternately in each framework, one after the other (never at the same time),
# REPS times, median of each. Writes bench/results/time-ratio.md.
# Settings: HIDDEN_LIST ["100,100 400,400"], EPOCHS [1], REPS [3], METHOD [naive], THREADS [1],
# KERNEL [java] (Engram's matrix kernel, passed as --kernel: java = pure Java, auto = native BLAS
# when an optimised one is installed, netlib = netlib's BLAS whatever library it finds).
# Both frameworks get THREADS threads: PyTorch through OPENBLAS_NUM_THREADS; Engram through --threads,
# which shards each training step's batch over its own threads, while a native BLAS under it runs
# each product on the calling thread (OPENBLAS_NUM_THREADS=1, ENGRAM_BLAS_THREADS to change; with
# more, Engram keeps the batch whole and lets OpenBLAS split the products, measured slower). The table goes to bench/results/time-ratio.md for the
# java kernel and 1 thread, time-ratio-<N>threads.md for N threads; other kernels add their name:
# time-ratio-netlib.md, time-ratio-netlib-2threads.md. Each table's raw JSON files go to the folder
# of the same name (bench/results/time-ratio/ for the first).
set -euo pipefail
cd "$(dirname "$0")/.."
HIDDEN_LIST=${HIDDEN_LIST:-100,100 400,400}
EPOCHS=${EPOCHS:-1}
REPS=${REPS:-3}
METHOD=${METHOD:-naive}
THREADS=${THREADS:-${TORCH_THREADS:-1}}
TORCH_THREADS=$THREADS
KERNEL=${KERNEL:-java}
case "$KERNEL" in
  java|auto|netlib) ;;
  *) echo "KERNEL must be java, auto or netlib, got '$KERNEL'" >&2; exit 2 ;;
esac
NAME=time-ratio
[ "$KERNEL" = java ] || NAME=$NAME-$KERNEL
[ "$THREADS" = 1 ] || NAME=$NAME-${THREADS}threads
TABLE=bench/results/$NAME.md
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
JAR=${JAR:-examples/target/engram-examples.jar}
OUT=bench/results/$NAME
export OMP_WAIT_POLICY=PASSIVE
export OPENBLAS_NUM_THREADS=$THREADS
mkdir -p "$OUT"
common=(--data "$DATA" --scenario split-domain --method "$METHOD" --epochs "$EPOCHS")
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "run: split-domain $METHOD, 5 tasks, $EPOCHS epoch(s) per task, batch 128; Engram kernel $KERNEL (--kernel $KERNEL) with $THREADS thread(s) (OPENBLAS_NUM_THREADS=${ENGRAM_BLAS_THREADS:-1} under it) vs PyTorch $TORCH_THREADS thread(s), OMP_WAIT_POLICY=PASSIVE, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; $REPS alternating repetitions"
  echo
  echo "| hidden | Engram train s (median) | PyTorch train s (median) | ratio Engram/PyTorch | Engram examples/s | PyTorch examples/s |"
  echo "|---|---|---|---|---|---|"
} > "$OUT/$NAME.md.tmp"
for h in $HIDDEN_LIST; do
  for r in $(seq 1 "$REPS"); do
    OPENBLAS_NUM_THREADS=${ENGRAM_BLAS_THREADS:-1} \
    java -jar "$JAR" bench "${common[@]}" --hidden "$h" --threads "$THREADS" --kernel "$KERNEL" \
      --json "$OUT/engram-$h-$r.json" > /dev/null
    /usr/bin/python3 bench/pytorch_cl.py "${common[@]}" --hidden "$h" --threads "$TORCH_THREADS" \
      --json "$OUT/pytorch-$h-$r.json" > /dev/null
  done
  /usr/bin/python3 - "$OUT" "$h" "$REPS" >> "$OUT/$NAME.md.tmp" <<'PY'
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
{
  echo
  # the kernel the runs actually used, as bench recorded it (e.g. auto may have stayed pure Java)
  /usr/bin/python3 -c 'import json, sys; print("Engram kernel: " + json.load(open(sys.argv[1])).get("kernel", "?"))' \
    "$OUT/engram-${HIDDEN_LIST%% *}-1.json"
} >> "$OUT/$NAME.md.tmp"
mv "$OUT/$NAME.md.tmp" "$TABLE"
cat "$TABLE"
