#!/usr/bin/env bash
# Runs every method in every scenario on Fashion-MNIST through engram-examples.jar and writes
# bench/results/fashion-mnist/{results.md,results.csv,*.png} plus one JSON and one log per run.
#
# Usage: bench/fashion-mnist.sh   (from anywhere; resumable: finished runs are skipped, delete
#                                 results/fashion-mnist/json to redo them)
# Settings (environment variables, defaults in brackets):
#   HIDDEN, EPOCHS, BATCH, LR, SEED, PERM_TASKS, PERM_EPOCHS, METHODS, SCENARIOS, LAMBDAS, DATA,
#   JAR, JAVA: the accuracy runs' settings in bench/common.sh, defaults there (PERM_TASKS [5] and
#   PERM_EPOCHS [1] cut permuted runs down: 10 tasks x 4 epochs of 60,000 images is ~2.4 M
#   examples per method; LAMBDAS are the demo's domain-IL values, chosen on split digits, not
#   tuned on Fashion-MNIST)
#   OUT [bench/results/fashion-mnist]
#   JAVA_OPTS [-Xmx12g: joint keeps every task's data; permuted joint needs > 4g]
set -euo pipefail
cd "$(dirname "$0")/.."
# This script's default heap, larger than common.sh's -Xmx4g (permuted joint needs > 4g).
JAVA_OPTS=${JAVA_OPTS:--Xmx12g}
source bench/common.sh
OUT=${OUT:-bench/results/fashion-mnist}

need_data
need_jar

mkdir -p "$OUT/json" "$OUT/logs"
{
  machine_line
  echo "settings: hidden $HIDDEN, epochs $EPOCHS (permuted: $PERM_TASKS tasks, $PERM_EPOCHS epochs)," \
    "batch $BATCH, Adam lr $LR, seed $SEED, lambdas: $LAMBDAS"
} > "$OUT/run-info.txt"

for scenario in $SCENARIOS; do
  for method in $METHODS; do
    json="$OUT/json/$scenario-$method.json"
    if [ -f "$json" ]; then
      echo "skip $scenario $method (done)"
      continue
    fi
    args=(bench --data "$DATA" --scenario "$scenario" --method "$method"
          --hidden "$HIDDEN" --batch "$BATCH" --lr "$LR" --seed "$SEED")
    if [ "$scenario" = permuted ]; then
      args+=(--tasks "$PERM_TASKS" --epochs "$PERM_EPOCHS")
    else
      args+=(--epochs "$EPOCHS")
    fi
    lambda=$(lambda_of "$method")
    if [ -n "$lambda" ]; then args+=(--lambda "$lambda"); fi
    echo "$(date -u +%H:%M:%S) $scenario $method ${lambda:+lambda $lambda}"
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -jar "$JAR" "${args[@]}" --json "$json.tmp" > "$OUT/logs/$scenario-$method.log" 2>&1
    mv "$json.tmp" "$json"
    grep '^ACC' "$OUT/logs/$scenario-$method.log" || true
  done
done

/usr/bin/python3 bench/summarise.py "$OUT" --title "Fashion-MNIST"
