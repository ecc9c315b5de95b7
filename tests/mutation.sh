#!/usr/bin/env bash
# Mutation score per folder with Stryker.NET (dotnet-stryker 5.1.0), one folder per run.
# Not part of CI: each folder takes minutes. Usage: tests/mutation.sh [Folder ...]
#   Folders: Rules Optimisers Autodiff Tensors Layers Training Data Serialisation Kernels Testing
#   (default: all). Testing is the Backprop.Functional.Testing package; the others are folders of
#   src/Backprop.Functional. Reports go to tests/mutation-results/<Folder>/ (html and json).
# Settings (tests/stryker-config.json): one test process (--concurrency 1); the notebook and CLI
# tests are filtered out of the runs (they start kernels, pack packages or train through
# subprocesses); mutations inside the constructors of the standard argument/state exceptions and of
# ShapeException (message prose; their contract is the exception type) are ignored, while DiffException
# and the messages built as values (Error.New, the interpreter's "where: message") stay mutated.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/tests/.tools/stryker"
stryker="$tools/dotnet-stryker"
[ -x "$stryker" ] || dotnet tool install dotnet-stryker --version 5.1.0 --tool-path "$tools" >/dev/null
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(Rules Optimisers Autodiff Tensors Layers Training Data Serialisation Kernels Testing)
results="$root/tests/mutation-results"
mkdir -p "$results"
for folder in "${folders[@]}"; do
  if [ "$folder" = Testing ]; then project=Backprop.Functional.Testing.csproj; glob='**/*.cs'
  else project=Backprop.Functional.csproj; glob="**/Backprop.Functional/$folder/**/*.cs"; fi
  out="$results/$folder"
  rm -rf "$out"
  (cd "$root/tests" && "$stryker" --config-file stryker-config.json --project "$project" \
     --mutate "$glob" --concurrency 1 --output "$out" --skip-version-check) > "$results/$folder.log" 2>&1 \
    || { echo "$folder: stryker failed, see $results/$folder.log"; continue; }
  python3 - "$folder" "$out/reports/mutation-report.json" >> "$results/scores.txt" <<'PY'
import json, sys
folder, path = sys.argv[1], sys.argv[2]
n = {}
for f in json.load(open(path))["files"].values():
    for m in f["mutants"]:
        n[m["status"]] = n.get(m["status"], 0) + 1
detected = n.get("Killed", 0) + n.get("Timeout", 0)
undetected = n.get("Survived", 0) + n.get("NoCoverage", 0)
total = detected + undetected
score = 100.0 * detected / total if total else float("nan")
print(f"{folder:<14} {score:6.2f} %  killed {n.get('Killed', 0)}  timeout {n.get('Timeout', 0)}  "
      f"survived {n.get('Survived', 0)}  no-coverage {n.get('NoCoverage', 0)}  "
      f"compile-error {n.get('CompileError', 0)}  ignored {n.get('Ignored', 0)}")
PY
  tail -n 1 "$results/scores.txt"
done
