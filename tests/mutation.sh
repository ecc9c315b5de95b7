#!/usr/bin/env bash
# Mutation score per folder with Stryker.NET (dotnet-stryker 5.1.0). Not part of CI: a folder takes minutes.
# Usage: tests/mutation.sh [Folder ...]
#   Folders: Rules Optimisers Autodiff Tensors Layers Training Data Serialisation Kernels Testing (default: all).
#   Testing is the Backprop.Functional.Testing package; the others are folders of src/Backprop.Functional.
#   One Stryker run per folder. With MUTATION_TOGETHER=1 the listed library folders share one run (one
#   initial test run instead of one per folder), and the score is still split per folder.
#   Reports: tests/mutation-results/<run>/reports (html, json); scores appended to tests/mutation-results/scores.txt.
#   A folder's mutants are tested by the tests of its mirror folder only (tests/Backprop.Functional.Tests/<Folder>),
#   so the score is what those tests kill, a lower bound; MUTATION_ALL_TESTS=1 uses every test but the excluded ones.
#   MUTATION_FILES="A.cs B.cs" mutates only those files of the (single) folder given, into tests/mutation-results/<Folder>-files:
#   a re-measure of the files whose tests changed, to merge with the folder's last full report.
# Settings (tests/stryker-config.json): one test process (--concurrency 1; MUTATION_CONCURRENCY=2 runs two); the notebook and CLI tests are
# filtered out of the runs (they start kernels, pack packages or train in subprocesses); mutations inside the
# constructors of the standard argument/state exceptions and of ShapeException (message prose; their contract
# is the exception type) are ignored, while DiffException and the messages built as values (Error.New, the
# interpreter's "where: message") stay mutated.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/tests/.tools/stryker"
stryker="$tools/dotnet-stryker"
[ -x "$stryker" ] || dotnet tool install dotnet-stryker --version 5.1.0 --tool-path "$tools" >/dev/null
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(Rules Optimisers Autodiff Tensors Layers Training Data Serialisation Kernels Testing)
results="$root/tests/mutation-results"
mkdir -p "$results"

score() {  # score <report.json>: one line per folder of the mutated files
  python3 - "$1" <<'PY'
import json, sys, collections
counts = collections.defaultdict(collections.Counter)
for path, f in json.load(open(sys.argv[1]))["files"].items():
    parts = path.replace("\\", "/").split("/")
    if "Backprop.Functional.Testing" in parts: folder = "Testing"
    elif "Backprop.Functional" in parts and parts.index("Backprop.Functional") + 2 < len(parts): folder = parts[parts.index("Backprop.Functional") + 1]
    else: folder = "(top level)"
    for m in f["mutants"]: counts[folder][m["status"]] += 1
for folder, n in sorted(counts.items()):
    detected, undetected = n["Killed"] + n["Timeout"], n["Survived"] + n["NoCoverage"]
    total = detected + undetected
    if total == 0: continue
    score = 100.0 * detected / total if total else float("nan")
    print(f"{folder:<14} {score:6.2f} %  killed {n['Killed']}  timeout {n['Timeout']}  survived {n['Survived']}  "
          f"no-coverage {n['NoCoverage']}  compile-error {n['CompileError']}  ignored {n['Ignored']}")
PY
}

excluded="FullyQualifiedName!~Backprop.Functional.Tests.Notebooks&FullyQualifiedName!~Backprop.Functional.Tests.Cli"

run() {  # run <name> <project> <test folders, +-separated> <glob>...
  local name="$1" project="$2" tests="$3"; shift 3
  local out="$results/$name" mutate=() filter="$excluded"
  for g in "$@"; do mutate+=(--mutate "$g"); done
  if [ "${MUTATION_ALL_TESTS:-0}" != 1 ]; then
    local mirror=() t
    IFS=+ read -ra mirror <<< "$tests"
    filter=""; for t in "${mirror[@]}"; do filter+="${filter:+|}FullyQualifiedName~Backprop.Functional.Tests.$t."; done
  fi
  rm -rf "$out"
  if (cd "$root/tests" && "$stryker" --config-file stryker-config.json --project "$project" "${mutate[@]}" \
        --concurrency "${MUTATION_CONCURRENCY:-1}" --test-case-filter "$filter" --output "$out" --skip-version-check) > "$results/$name.log" 2>&1; then
    score "$out/reports/mutation-report.json" | tee -a "$results/scores.txt"
  else
    echo "$name: stryker failed, see $results/$name.log"
  fi
}

library=() testing=0
for f in "${folders[@]}"; do
  if [ "$f" = Testing ]; then testing=1; else library+=("$f"); fi
done
if [ -n "${MUTATION_FILES:-}" ]; then
  [ ${#folders[@]} = 1 ] || { echo "MUTATION_FILES needs exactly one folder" >&2; exit 2; }
  globs=(); for n in $MUTATION_FILES; do
    if [ $testing = 1 ]; then globs+=("**/Backprop.Functional.Testing/$n"); else globs+=("**/Backprop.Functional/${library[0]}/**/$n"); fi
  done
  if [ $testing = 1 ]; then run Testing-files Backprop.Functional.Testing.csproj Testing "${globs[@]}"
  else run "${library[0]}-files" Backprop.Functional.csproj "${library[0]}" "${globs[@]}"; fi
  exit 0
fi
if [ "${MUTATION_TOGETHER:-0}" = 1 ] && [ ${#library[@]} -gt 0 ]; then
  globs=(); for f in "${library[@]}"; do globs+=("**/Backprop.Functional/$f/**/*.cs"); done
  joined="$(IFS=+; echo "${library[*]}")"
  run "$joined" Backprop.Functional.csproj "$joined" "${globs[@]}"
else
  for f in ${library[@]+"${library[@]}"}; do run "$f" Backprop.Functional.csproj "$f" "**/Backprop.Functional/$f/**/*.cs"; done
fi
[ $testing = 0 ] || run Testing Backprop.Functional.Testing.csproj Testing '**/*.cs'
