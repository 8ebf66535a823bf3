#!/usr/bin/env bash
# How much a second thread speeds up Engram's bench run: the same run of a timing protocol of
# bench/common.sh (PROTOCOL, default fashion: split-domain fine-tuning on Fashion-MNIST, 5 tasks x
# 12,000 images, one epoch each = one 60,000-image epoch, MLP 784-256-256-10, batch 128, Adam lr
# 0.001, seed 1) with --threads 1 and --threads N alternately, REPS times, medians of the training
# seconds. Each run is a fresh JVM: its JIT warm-up (~0.5 s) is part of the time.
#
# Usage: bench/thread-scaling.sh  (from anywhere; settings as environment variables, and those of
# bench/common.sh: DATA, JAR, JAVA, JAVA_OPTS, NATIVE_BLAS_DIR, ...)
#   PROTOCOL [fashion]  issue or fashion (see bench/common.sh)
#   THREADS [2]  REPS [5]  METHOD [naive] (a method with a λ gets LAMBDAS' value, never automatic)
#   KERNEL [java]  Engram's --kernel: java, auto or netlib. With a native kernel, the BLAS runs each
#            product on the calling thread (OPENBLAS_NUM_THREADS=1, ENGRAM_BLAS_THREADS to change)
#            and Engram's threads shard the batch (engram_env in bench/common.sh).
#   HIDDEN, EPOCHS [the protocol's]  when set, replace the protocol's --hidden and --epochs (per
#            task; more epochs amortise the JIT's warm-up). common.sh's defaults of these names
#            (100,100 and 4) are the accuracy runs' and do not apply here.
# Writes bench/results/thread-scaling[-PROTOCOL unless fashion][-KERNEL unless java][-Nepochs when
# EPOCHS differs from the protocol's].md (raw JSON in the folder of the same name).
set -euo pipefail
cd "$(dirname "$0")/.."
# Read before common.sh gives HIDDEN and EPOCHS the accuracy runs' defaults.
HIDDEN_SET=${HIDDEN:-}
EPOCHS_SET=${EPOCHS:-}
source bench/common.sh
PROTOCOL=${PROTOCOL:-fashion}
THREADS=${THREADS:-2}
REPS=${REPS:-5}
METHOD=${METHOD:-naive}
KERNEL=${KERNEL:-java}
case "$KERNEL" in java|auto|netlib) ;; *) echo "KERNEL: '$KERNEL' is not java, auto or netlib" >&2; exit 2 ;; esac
protocol=$(protocol_flags "$PROTOCOL")
read -r -a flags <<< "$protocol"
flag_value() { # flag: the protocol's value of it
  local i
  for i in "${!flags[@]}"; do
    if [ "${flags[$i]}" = "$1" ]; then echo "${flags[i + 1]}"; return; fi
  done
}
changed=""
set_flag() { # flag value: replaces the protocol's value of flag (bench refuses a flag given twice)
  local i
  [ "$(flag_value "$1")" != "$2" ] || return 0
  changed+=" $1 $2"
  for i in "${!flags[@]}"; do
    if [ "${flags[$i]}" = "$1" ]; then flags[i + 1]=$2; return; fi
  done
  flags+=("$1" "$2")
}
epochs_changed=""
if [ -n "$EPOCHS_SET" ] && [ "$EPOCHS_SET" != "$(flag_value --epochs)" ]; then
  epochs_changed=$EPOCHS_SET
  set_flag --epochs "$EPOCHS_SET"
fi
if [ -n "$HIDDEN_SET" ]; then set_flag --hidden "$HIDDEN_SET"; fi
flags+=(--data "$DATA" --method "$METHOD" --batch 128 --lr 0.001 --seed 1)
lambda=$(lambda_of "$METHOD")
if [ "$METHOD" != naive ] && [ "$METHOD" != joint ]; then
  if [ -z "$lambda" ] || [ "$lambda" = auto ]; then
    echo "METHOD $METHOD needs a number in LAMBDAS: a timing run never lets Engram search λ" >&2
    exit 2
  fi
  flags+=(--lambda "$lambda")
fi
need_data
need_jar
NAME=thread-scaling
[ "$PROTOCOL" = fashion ] || NAME=$NAME-$PROTOCOL
[ "$KERNEL" = java ] || NAME=$NAME-$KERNEL
[ -z "$epochs_changed" ] || NAME=$NAME-${epochs_changed}epochs
OUT=bench/results/$NAME
mkdir -p "$OUT"
mapfile -t env < <(engram_env "$KERNEL")
run() { # threads rep
  echo "$(date -u +%H:%M:%S) rep $2: Engram --threads $1 --kernel $KERNEL" >&2
  # shellcheck disable=SC2086
  env "${env[@]}" "$JAVA" $JAVA_OPTS -jar "$JAR" bench "${flags[@]}" --threads "$1" \
    --kernel "$KERNEL" --json "$OUT/engram-$1-$2.json" > /dev/null
}
before=$(machine_line)
for r in $(seq 1 "$REPS"); do
  run 1 "$r"
  run "$THREADS" "$r"
done
after=$(machine_line)
/usr/bin/python3 - "$OUT" "$THREADS" "$REPS" "$before" "$after" \
  "$(protocol_text "$PROTOCOL")${changed:+ (changed:$changed)}; $METHOD${lambda:+ λ $lambda}, batch 128, Adam lr 0.001, seed 1; --kernel $KERNEL, ${env[*]}, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" \
  > "bench/results/$NAME.md.tmp" <<'PY'
import json, statistics, sys
d, n, reps, before, after, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:]
def med(t, key):
    return statistics.median(json.load(open("%s/engram-%s-%d.json" % (d, t, r)))[key]
                             for r in range(1, reps + 1))
one, many = med("1", "train_seconds"), med(n, "train_seconds")
print(before)
print("after: " + after)
print("run: %s; %d alternating repetitions, medians" % (run, reps))
print()
print("| threads | train s (median) | examples/s | speed-up over 1 thread |")
print("|---|---|---|---|")
print("| 1 | %.2f | %.0f | 1.00 |" % (one, med("1", "examples_per_second")))
print("| %s | %.2f | %.0f | %.2f |" % (n, many, med(n, "examples_per_second"), one / many))
print()
print("Engram kernel: " + json.load(open("%s/engram-%s-1.json" % (d, n))).get("kernel", "?"))
PY
mv "bench/results/$NAME.md.tmp" "bench/results/$NAME.md"
cat "bench/results/$NAME.md"
