#!/usr/bin/env bash
# How much a second thread speeds up Engram's bench epoch: the same run (split-domain fine-tuning on
# Fashion-MNIST, 5 tasks x 12,000 images, one epoch each = one 60,000-image epoch, batch 128) with
# --threads 1 and --threads N alternately, REPS times, medians of the training seconds.
# Settings: HIDDEN ["256,256"], THREADS [2], REPS [5], METHOD [naive], KERNEL [java], EPOCHS [1] (per
# task; more epochs amortise the JIT's warm-up, which a fresh JVM spends in the first ~0.5 s).
# With a native kernel (KERNEL=auto or netlib), OpenBLAS runs each product on the calling thread
# (OPENBLAS_NUM_THREADS=1, ENGRAM_BLAS_THREADS to change) and Engram's threads shard the batch.
# Writes bench/results/thread-scaling[-KERNEL].md (raw JSON in the folder of the same name).
set -euo pipefail
cd "$(dirname "$0")/.."
HIDDEN=${HIDDEN:-256,256}
THREADS=${THREADS:-2}
REPS=${REPS:-5}
METHOD=${METHOD:-naive}
EPOCHS=${EPOCHS:-1}
KERNEL=${KERNEL:-java}
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
JAR=${JAR:-examples/target/engram-examples.jar}
NAME=thread-scaling
[ "$KERNEL" = java ] || NAME=$NAME-$KERNEL
[ "$EPOCHS" = 1 ] || NAME=$NAME-${EPOCHS}epochs
OUT=bench/results/$NAME
export OPENBLAS_NUM_THREADS=${ENGRAM_BLAS_THREADS:-1}
mkdir -p "$OUT"
run() { # threads rep
  java -jar "$JAR" bench --data "$DATA" --scenario split-domain --method "$METHOD" --epochs "$EPOCHS" \
    --hidden "$HIDDEN" --threads "$1" --kernel "$KERNEL" --json "$OUT/engram-$1-$2.json" > /dev/null
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$REPS"); do
  run 1 "$r"
  run "$THREADS" "$r"
done
/usr/bin/python3 - "$OUT" "$THREADS" "$REPS" > bench/results/$NAME.md <<PY
import json, statistics, sys
d, n, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
def med(t, key):
    return statistics.median(json.load(open("%s/engram-%s-%d.json" % (d, t, r)))[key]
                             for r in range(1, reps + 1))
one, many = med("1", "train_seconds"), med(n, "train_seconds")
print("date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $load")
print("run: split-domain $METHOD, MLP 784-$HIDDEN-10, 5 tasks x $EPOCHS epoch(s) (60,000 images each), batch 128, --kernel $KERNEL, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; %d alternating repetitions, medians" % reps)
print()
print("| threads | train s (median) | examples/s | speed-up over 1 thread |")
print("|---|---|---|---|")
print("| 1 | %.2f | %.0f | 1.00 |" % (one, med("1", "examples_per_second")))
print("| %s | %.2f | %.0f | %.2f |" % (n, many, med(n, "examples_per_second"), one / many))
print()
print("Engram kernel: " + json.load(open("%s/engram-%s-1.json" % (d, n))).get("kernel", "?"))
PY
cat bench/results/$NAME.md
