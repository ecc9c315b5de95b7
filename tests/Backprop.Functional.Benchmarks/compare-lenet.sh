#!/usr/bin/env bash
# Compares our LeNet-5-style step (the `conv` mode: Diff.ValueAndGrad then Sgd.Step, batch 64 of 28x28) with the
# same network in PyTorch (lenet_torch.py, Debian's python3-torch): builds ours, then alternates ours / PyTorch
# ROUNDS times at THREADS threads and prints the medians of the per-run median step times and the ratio ours/PyTorch.
# PYTHON picks the interpreter (default /usr/bin/python3, the one Debian's python3-torch installs into).
# usage: [PYTHON=...] compare-lenet.sh [ROUNDS [STEPS [THREADS [DTYPE]]]]   (defaults: 3 rounds, 200 timed steps, 1 thread, f32)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-3}" steps="${2:-200}" threads="${3:-1}" dtype="${4:-f32}"
py="${PYTHON:-/usr/bin/python3}"
"$py" -c "import torch" 2>/dev/null || { echo "needs PyTorch (apt-get install -y python3-torch)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$here" -v q -nologo > "$work/build.log" || { cat "$work/build.log"; exit 1; }
ours_dll="$(ls "$here"/bin/Release/net*/Backprop.Functional.Benchmarks.dll | head -n1)"

field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
run() { # name command... -> appends median_ms, p10, p90 and loss_end to $work/<name>.*
    local name="$1"; shift
    "$@" > "$work/out"
    for f in median_ms p10_ms p90_ms loss_end; do field "$f" < "$work/out" >> "$work/$name.$f"; done
}

for r in $(seq "$rounds"); do
    run ours dotnet "$ours_dll" conv "$dtype" "$threads" "$steps"
    run torch "$py" "$here/lenet_torch.py" --dtype "$dtype" --threads "$threads" --steps "$steps"
    echo "  round $r/$rounds: ours $(tail -n1 "$work/ours.median_ms") ms, torch $(tail -n1 "$work/torch.median_ms") ms" >&2
done
printf '%-14s %10s %10s %10s %10s %10s %10s %8s\n' workload "ours ms" "ours p10" "ours p90" "torch ms" "torch p10" "torch p90" ratio
o="$(median < "$work/ours.median_ms")" t="$(median < "$work/torch.median_ms")"
awk -v w="lenet5 $dtype $threads" -v o="$o" -v t="$t" \
    -v o10="$(median < "$work/ours.p10_ms")" -v o90="$(median < "$work/ours.p90_ms")" \
    -v t10="$(median < "$work/torch.p10_ms")" -v t90="$(median < "$work/torch.p90_ms")" \
    'BEGIN { printf "%-14s %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f %8.2f\n", w, o, o10, o90, t, t10, t90, o / t }'
echo "(medians over $rounds alternating rounds; each run: warm-up >= 20 steps and 1 s, then $steps timed steps;" \
     "final loss ours $(median < "$work/ours.loss_end"), torch $(median < "$work/torch.loss_end"))"
