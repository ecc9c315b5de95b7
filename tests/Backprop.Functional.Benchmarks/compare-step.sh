#!/usr/bin/env bash
# Compares our training step (the `step` mode: Train.Steps with SGD, built from the public API) with the
# hand-written peer (../shared/peers/csharp_mlp beside the repo root) on the peers' workloads: builds both,
# then alternates ours / peer ROUNDS times per workload and prints a table of median step times, the
# ratio ours/peer, bytes allocated per step and peak RSS (from /usr/bin/time, or GNU time's format in bash).
# usage: [LOOP=unfold|donate|plain] compare-step.sh [ROUNDS [WORKLOAD...]]
#   (default: 5 rounds; "digits f32 1" "mnist f32 1" "mnist f32 2" "mnist f64 1"; LOOP=unfold is Train.Steps,
#    donate is Train.Steps with parameter donation on, plain is the README's loop of Diff.ValueAndGrad and Sgd.Step)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer_src="${PEER_DIR:-$here/../../../shared/peers/csharp_mlp}"
rounds="${1:-5}"
loop="${LOOP:-unfold}"
shift || true
if [ "$#" -gt 0 ]; then workloads=("$@"); else workloads=("digits f32 1" "mnist f32 1" "mnist f32 2" "mnist f64 1"); fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$peer_src" "$work/peer"          # the peer's folder is read-only: build a copy
chmod -R u+w "$work/peer"
dotnet build -c Release "$work/peer" -o "$work/peer-bin" -v q -nologo > "$work/peer-build.log" || { cat "$work/peer-build.log"; exit 1; }
dotnet build -c Release "$here" -v q -nologo > "$work/ours-build.log" || { cat "$work/ours-build.log"; exit 1; }
ours_dll="$(ls "$here"/bin/Release/net*/Backprop.Functional.Benchmarks.dll | head -n1)"
timer="/usr/bin/time"
[ -x "$timer" ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

field() { sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
run() { # name command... -> appends median_ms, alloc and peak RSS (KB) to $work/<name>.*
    local name="$1"; shift
    "$timer" -f "%M" -o "$work/rss" "$@" > "$work/out"
    field median_ms < "$work/out" >> "$work/$name.ms"
    field alloc_bytes_per_step < "$work/out" >> "$work/$name.alloc"
    cat "$work/rss" >> "$work/$name.rss"
}

printf '%-16s %10s %10s %8s %14s %14s %10s %10s\n' workload "ours ms" "peer ms" ratio "ours B/step" "peer B/step" "ours MB" "peer MB"
for w in "${workloads[@]}"; do
    key="${w// /_}"
    for r in $(seq "$rounds"); do
        run "ours_$key" dotnet "$ours_dll" step $w "$loop"
        run "peer_$key" dotnet "$work/peer-bin/csharp_mlp.dll" mlp $w
        echo "  $w round $r/$rounds: ours $(tail -n1 "$work/ours_$key.ms") ms, peer $(tail -n1 "$work/peer_$key.ms") ms" >&2
    done
    o="$(median < "$work/ours_$key.ms")" p="$(median < "$work/peer_$key.ms")"
    oa="$(median < "$work/ours_$key.alloc")" pa="$(median < "$work/peer_$key.alloc")"
    orss="$(median < "$work/ours_$key.rss")" prss="$(median < "$work/peer_$key.rss")"
    awk -v w="$w" -v o="$o" -v p="$p" -v oa="$oa" -v pa="$pa" -v orss="$orss" -v prss="$prss" \
        'BEGIN { printf "%-16s %10.4f %10.4f %8.2f %14.0f %14.0f %10.1f %10.1f\n", w, o, p, o / p, oa, pa, orss / 1024, prss / 1024 }'
done
echo "(ours: $loop loop; medians of $rounds alternating rounds; each run: warm-up >= 20 steps and 1 s, then 200 timed steps)"
