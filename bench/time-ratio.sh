#!/usr/bin/env bash
# Training time of Engram against PyTorch 2.x on one protocol, at each thread count, with each of
# Engram's kernels: every repetition runs every configuration once, one after the other (never two
# at the same time), so that load from elsewhere hits them alike; the table gives medians and the
# ratios Engram / PyTorch of the medians. Each run is a fresh JVM (or Python process): its JIT
# warm-up is part of the time, as it is for a user.
#
# Usage: bench/time-ratio.sh  (from anywhere; settings as environment variables, and those of
# bench/common.sh: DATA, JAR, JAVA_OPTS, NATIVE_BLAS_DIR, TORCH_VENV, ...)
#   PROTOCOL      [fashion]  issue or fashion (see bench/common.sh)
#   KERNELS       ["java auto"]  Engram's --kernel values: java = pure Java, auto = the native BLAS
#                 when an optimised one is installed (the table says which kernel actually ran)
#   THREADS_LIST  ["1 2"]  thread counts: Engram's --threads (a native BLAS under it runs each
#                 product on the calling thread: OPENBLAS_NUM_THREADS=1, ENGRAM_BLAS_THREADS to
#                 change), PyTorch's torch.set_num_threads
#   REPS          [3]   METHOD [naive] (a method with a λ gets LAMBDAS' value, never automatic)
#   TORCH_OMP_WAIT_POLICY [unset]  OMP_WAIT_POLICY of the PyTorch runs; unset is what a user gets
#                 (pip's torch 2.13 on 2 threads: 18.7 s with it unset, 23.8 s with PASSIVE, on
#                 the issue protocol); PASSIVE was needed for Debian's torch 1.13, whose OpenMP
#                 threads spun against OpenBLAS's
# Writes bench/results/time-ratio-PROTOCOL.md and the raw JSON in bench/results/time-ratio-PROTOCOL/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
PROTOCOL=${PROTOCOL:-fashion}
KERNELS=${KERNELS:-java auto}
THREADS_LIST=${THREADS_LIST:-1 2}
REPS=${REPS:-3}
METHOD=${METHOD:-naive}
TORCH_OMP_WAIT_POLICY=${TORCH_OMP_WAIT_POLICY:-}
omp_env=(-u OMP_WAIT_POLICY)
[ -z "$TORCH_OMP_WAIT_POLICY" ] || omp_env=(OMP_WAIT_POLICY="$TORCH_OMP_WAIT_POLICY")
for k in $KERNELS; do
  case "$k" in java|auto|netlib) ;; *) echo "KERNELS: '$k' is not java, auto or netlib" >&2; exit 2 ;; esac
done
protocol=$(protocol_flags "$PROTOCOL")
read -r -a flags <<< "$protocol"
flags+=(--data "$DATA" --method "$METHOD" --batch 128 --lr 0.001 --seed 1)
lambda=$(lambda_of "$METHOD")
if [ -n "$lambda" ] && [ "$METHOD" != naive ] && [ "$METHOD" != joint ]; then
  flags+=(--lambda "$lambda")
fi
need_data
need_jar
need_torch
NAME=time-ratio-$PROTOCOL
OUT=bench/results/$NAME
mkdir -p "$OUT"
rm -f "$OUT"/*.json
before=$(machine_line)
for r in $(seq 1 "$REPS"); do
  for t in $THREADS_LIST; do
    for k in $KERNELS; do
      echo "$(date -u +%H:%M:%S) rep $r, $t thread(s): Engram --kernel $k" >&2
      mapfile -t env < <(engram_env "$k")
      # shellcheck disable=SC2086
      env "${env[@]}" "$JAVA" $JAVA_OPTS -jar "$JAR" bench "${flags[@]}" --threads "$t" \
        --kernel "$k" --json "$OUT/engram-$k-$t-$r.json" > "$OUT/engram-$k-$t-$r.log" 2>&1
    done
    echo "$(date -u +%H:%M:%S) rep $r, $t thread(s): PyTorch" >&2
    env "${omp_env[@]}" "$TORCH_PY" bench/pytorch_cl.py "${flags[@]}" \
      --threads "$t" --json "$OUT/pytorch-$t-$r.json" > "$OUT/pytorch-$t-$r.log" 2>&1
  done
done
after=$(machine_line)
/usr/bin/python3 - "$OUT" "$REPS" "$KERNELS" "$THREADS_LIST" "$before" "$after" \
  "$(protocol_text "$PROTOCOL"); $METHOD, batch 128, Adam lr 0.001, seed 1" \
  "OMP_WAIT_POLICY=${TORCH_OMP_WAIT_POLICY:-unset}" > "$OUT.md.tmp" <<'PY'
import json, statistics, sys
out, reps, kernels, threads, before, after, protocol, omp = sys.argv[1:]
reps, kernels, threads = int(reps), kernels.split(), threads.split()
def runs(name):
    return [json.load(open("%s/%s-%d.json" % (out, name, r))) for r in range(1, reps + 1)]
def med(name):
    return statistics.median(x["train_seconds"] for x in runs(name))
print(before)
print("after: " + after)
print("protocol: %s; %d alternating repetitions, medians of the training seconds (a fresh process"
      " per run)" % (protocol, reps))
ti = runs("pytorch-%s" % threads[0])[0]["torch_info"]
print("PyTorch: torch %s, BLAS %s, %s, CPU capability %s, %s, %s" % (
    ti["version"], ti["blas"], ti["parallel_backend"], ti["cpu_capability"], omp, ti["python"]))
for k in kernels:
    print("Engram --kernel %s: %s" % (k, runs("engram-%s-%s" % (k, threads[0]))[0].get("kernel", "?")))
print()
head = (["threads"] + ["Engram %s s" % k for k in kernels] + ["PyTorch s"]
        + ["Engram %s / PyTorch" % k for k in kernels])
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for t in threads:
    p = med("pytorch-%s" % t)
    e = [med("engram-%s-%s" % (k, t)) for k in kernels]
    print("| %s | %s | %.2f | %s |" % (t, " | ".join("%.2f" % x for x in e), p,
                                       " | ".join("%.2f" % (x / p) for x in e)))
if len(threads) > 1:
    one, many = threads[0], threads[-1]
    print()
    print("Speed-up from %s to %s threads (medians): %s" % (one, many, ", ".join(
        ["Engram %s %.2fx" % (k, med("engram-%s-%s" % (k, one)) / med("engram-%s-%s" % (k, many)))
         for k in kernels] + ["PyTorch %.2fx" % (med("pytorch-%s" % one) / med("pytorch-%s" % many))])))
print()
print("Every run, train s in the order run:")
for t in threads:
    for name in ["engram-%s-%s" % (k, t) for k in kernels] + ["pytorch-%s" % t]:
        print("- %s: %s" % (name, " ".join("%.2f" % x["train_seconds"] for x in runs(name))))
PY
mv "$OUT.md.tmp" "bench/results/$NAME.md"
cat "bench/results/$NAME.md"
