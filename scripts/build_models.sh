#!/usr/bin/env bash
# Build the shipped models (src/voices/data/models/{stance,themes}) from corpora/labelled/.
# Deterministic (fixed seed); under two minutes on two cores. Then, when the other
# writer's development data is beside the repo (../shared/data), record the shipped
# models' scores on it (other writer; real-dev through benchmarks/real_writing.py) in their
# meta.json and model cards (never trained on).
# Usage: scripts/build_models.sh        (PYTHON=... to choose the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python )}"
DATA=(corpora/labelled/batch-*.jsonl)
SCHEME=corpora/schemes/social-work-leadership.toml
OUT=src/voices/data/models
for task in stance themes; do
    # corpora/labelled/exclude-<task>.txt: batches that task's model leaves out (chosen by measurement)
    skip=" $( (grep -v '^#' "corpora/labelled/exclude-$task.txt" 2>/dev/null || true) | tr '\n' ' ') "
    args=()
    for f in "${DATA[@]}"; do
        [[ "$skip" == *" $(basename "$f") "* ]] || args+=(--data "$f")
    done
    "$PY" -m voices train "${args[@]}" --task "$task" --scheme "$SCHEME" --out "$OUT/$task" --seed 0
done
"$PY" benchmarks/cross_writer.py --update-meta || echo "build_models: cross-writer check skipped" >&2
"$PY" benchmarks/agreement.py --update-meta || echo "build_models: agreement figures skipped" >&2
"$PY" benchmarks/real_writing.py --update-meta > benchmarks/results/real-writing.md || echo "build_models: real-writing figures skipped" >&2
