#!/usr/bin/env bash
# Compares our GEMM with the hand-written peer (../shared/peers/csharp_mlp beside the repo root):
# builds both, then alternates ours / peer GEMM / peer FMA peak / our FMA peak ROUNDS times and prints medians and
# ratios. The peer's peak loop is Vector512 only (emulated, so too low, on a machine without AVX-512); ours uses the
# widest vector the hardware runs, and "ours/peak" is taken against the higher of the two.
# usage: compare-gemm.sh [DTYPE THREADS M K N [ROUNDS]]   (default: f32 1 128 784 256 5; M K N as in the peer)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer_src="${PEER_DIR:-$here/../../../shared/peers/csharp_mlp}"
dtype="${1:-f32}" threads="${2:-1}" m="${3:-128}" k="${4:-784}" n="${5:-256}" rounds="${6:-5}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The peer's folder is read-only: build a copy so obj/ and bin/ land in the temp dir.
cp -r "$peer_src" "$work/peer"
chmod -R u+w "$work/peer"
dotnet build -c Release "$work/peer" -o "$work/peer-bin" -v q -nologo > "$work/peer-build.log" || { cat "$work/peer-build.log"; exit 1; }
dotnet build -c Release "$here" -v q -nologo > "$work/ours-build.log" || { cat "$work/ours-build.log"; exit 1; }
ours_dll="$(ls "$here"/bin/Release/net*/Backprop.Functional.Benchmarks.dll | head -n1)"

gflops() { sed -n 's/.*"gflops":\([0-9.eE+-]*\).*/\1/p'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

: > "$work/ours.txt"; : > "$work/peer.txt"; : > "$work/peak.txt"; : > "$work/ourpeak.txt"
for r in $(seq "$rounds"); do
    dotnet "$ours_dll" gemm "$dtype" "$threads" "$m" "$k" "$n" | gflops >> "$work/ours.txt"
    dotnet "$work/peer-bin/csharp_mlp.dll" gemm "$dtype" "$threads" "$m" "$k" "$n" | gflops >> "$work/peer.txt"
    dotnet "$work/peer-bin/csharp_mlp.dll" peak "$dtype" "$threads" | gflops >> "$work/peak.txt"
    dotnet "$ours_dll" peak "$dtype" "$threads" | gflops >> "$work/ourpeak.txt"
    echo "round $r/$rounds: ours $(tail -n1 "$work/ours.txt")  peer $(tail -n1 "$work/peer.txt")  peak $(tail -n1 "$work/peak.txt") / $(tail -n1 "$work/ourpeak.txt")" >&2
done

ours="$(median < "$work/ours.txt")" peer="$(median < "$work/peer.txt")" peak="$(median < "$work/peak.txt")" ourpeak="$(median < "$work/ourpeak.txt")"
printf '\nGEMM %s, %s thread(s), M=%s K=%s N=%s, medians of %s rounds (GFLOP/s)\n' "$dtype" "$threads" "$m" "$k" "$n" "$rounds"
awk -v o="$ours" -v p="$peer" -v k="$peak" -v q="$ourpeak" 'BEGIN {
    printf "%-12s %8.1f\n%-12s %8.1f\n%-12s %8.1f\n%-12s %8.1f\n", "ours", o, "peer gemm", p, "peer peak", k, "our peak", q
    printf "%-12s %8.3f\n%-12s %8.3f\n", "ours/peer", o / p, "ours/peak", o / (k > q ? k : q) }'
