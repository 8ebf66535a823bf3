#!/usr/bin/env bash
# The bench protocol in PyTorch (bench/pytorch_cl.py, run by PyTorch 2.x from pip in a virtual
# environment, as users install it; Debian's python3-torch only when pip cannot provide it: see
# need_torch in bench/common.sh), run beside engram-examples.jar on the same data and settings;
# writes bench/results/pytorch/{json/,logs/,results.md,results.csv,*.png} and
# bench/results/comparison.md / comparison.csv (accuracy per method and scenario, time ratio;
# comparison.md's header says which torch ran).
#
# Usage: bench/compare-pytorch.sh   (from anywhere; resumable: a PyTorch run whose JSON exists is
# not run again, whatever torch made it; comparison.md counts the torch versions the JSON recorded)
# The Engram side is read from bench/results/fashion-mnist/json (bench/fashion-mnist.sh, same
# defaults); runs missing there are made here. Settings are those of the accuracy runs in
# bench/common.sh (HIDDEN, EPOCHS, BATCH, LR, SEED, PERM_TASKS, PERM_EPOCHS, METHODS, SCENARIOS,
# LAMBDAS, DATA, JAR, JAVA, NATIVE_BLAS_DIR, TORCH_VENV, TORCH_PYTHON, ...), plus
#   TORCH_THREADS [1]  COMPARE_OUT [bench/results]  OUT [bench/results/pytorch]
#   ENGRAM_OUT [bench/results/fashion-mnist]
#   RUN_ENGRAM [1]  (0: only PyTorch runs; use while fashion-mnist.sh runs beside it)
#   JAVA_OPTS [-Xmx12g, as fashion-mnist.sh: joint keeps every task's data]
# A method whose λ is "auto" in LAMBDAS runs PyTorch with its own default λ (it has no search).
# OMP_WAIT_POLICY=PASSIVE is set: on 2 vCPUs PyTorch's OpenMP threads otherwise spin against
# OpenBLAS's (see notes/performance.md). Engram runs with its default kernel (auto) and the
# environment of engram_env (a native BLAS on the calling thread). Engram's portable kernel is
# single-threaded, so one thread against one thread is the fair default.
set -euo pipefail
cd "$(dirname "$0")/.."
# This script's default heap, larger than common.sh's -Xmx4g (permuted joint needs > 4g).
JAVA_OPTS=${JAVA_OPTS:--Xmx12g}
source bench/common.sh
TORCH_THREADS=${TORCH_THREADS:-1}
ENGRAM_OUT=${ENGRAM_OUT:-bench/results/fashion-mnist}
OUT=${OUT:-bench/results/pytorch}
RUN_ENGRAM=${RUN_ENGRAM:-1}
COMPARE_OUT=${COMPARE_OUT:-bench/results}
export OMP_WAIT_POLICY=PASSIVE
export OPENBLAS_NUM_THREADS=1  # for PyTorch's runs (Engram's is engram_env's, the same by default)

need_data
if [ "$RUN_ENGRAM" = 1 ]; then need_jar; fi
# OMP_NUM_THREADS only so that TORCH_INFO reports the thread count of the runs (--threads).
OMP_NUM_THREADS=$TORCH_THREADS need_torch
# The plots of summarise.py (optional: it writes the tables without them).
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null \
  || sudo_if_needed apt-get install -y python3-matplotlib \
  || echo "python3-matplotlib could not be installed: no plots" >&2

mkdir -p "$OUT/json" "$OUT/logs" "$ENGRAM_OUT/json" "$ENGRAM_OUT/logs"
{
  machine_line
  echo "torch: $TORCH_INFO"
  echo "settings: hidden $HIDDEN, epochs $EPOCHS (permuted: $PERM_TASKS tasks, $PERM_EPOCHS epochs)," \
    "batch $BATCH, Adam lr $LR, seed $SEED, lambdas: $LAMBDAS"
} > "$OUT/run-info.txt"

for scenario in $SCENARIOS; do
  for method in $METHODS; do
    common=(--data "$DATA" --scenario "$scenario" --method "$method"
            --hidden "$HIDDEN" --batch "$BATCH" --lr "$LR" --seed "$SEED")
    if [ "$scenario" = permuted ]; then
      common+=(--tasks "$PERM_TASKS" --epochs "$PERM_EPOCHS")
    else
      common+=(--epochs "$EPOCHS")
    fi
    lambda=$(lambda_of "$method")
    engram=("${common[@]}")
    torch=("${common[@]}")
    if [ -n "$lambda" ]; then
      engram+=(--lambda "$lambda")
      if [ "$lambda" != auto ]; then torch+=(--lambda "$lambda"); fi
    fi
    tjson="$OUT/json/$scenario-$method.json"
    if [ ! -f "$tjson" ]; then
      echo "$(date -u +%H:%M:%S) pytorch $scenario $method"
      "$TORCH_PY" bench/pytorch_cl.py "${torch[@]}" --threads "$TORCH_THREADS" --json "$tjson.tmp" \
        > "$OUT/logs/$scenario-$method.log" 2>&1
      mv "$tjson.tmp" "$tjson"
    fi
    ejson="$ENGRAM_OUT/json/$scenario-$method.json"
    if [ ! -f "$ejson" ] && [ "$RUN_ENGRAM" = 1 ]; then
      echo "$(date -u +%H:%M:%S) engram $scenario $method"
      mapfile -t env < <(engram_env auto)
      # shellcheck disable=SC2086
      env "${env[@]}" "$JAVA" $JAVA_OPTS -jar "$JAR" bench "${engram[@]}" --json "$ejson.tmp" \
        > "$ENGRAM_OUT/logs/$scenario-$method.log" 2>&1
      mv "$ejson.tmp" "$ejson"
    fi
  done
done

/usr/bin/python3 bench/summarise.py "$OUT" --title "Fashion-MNIST, PyTorch"
mkdir -p "$COMPARE_OUT"
/usr/bin/python3 bench/compare.py "$ENGRAM_OUT" "$OUT" "$COMPARE_OUT" \
  "$(machine_line)" \
  "PyTorch: $TORCH_INFO; --threads $TORCH_THREADS per run" \
  "settings: hidden $HIDDEN, epochs $EPOCHS (permuted: $PERM_TASKS tasks, $PERM_EPOCHS epochs), batch $BATCH, Adam lr $LR, seed $SEED, lambdas: $LAMBDAS; Engram's runs from $ENGRAM_OUT (see its run-info.txt)"
