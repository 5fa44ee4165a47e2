#!/usr/bin/env bash
# The validation figures of a model card: every held-out set this project has, one summary line each.
# Needs runs/pedestrians (scripts/training-pedestrians.sh), ../shared/data/dsb2018 and ../shared/data/coco2017-subset.
# Usage: scripts/evaluate-default.sh [MODEL_DIR] [CSV_DIR]   (default: the default model; per-image CSVs if CSV_DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model=()
[[ $# -ge 1 && -n "$1" ]] && model=(--model "$1")
csvdir="${2:-}"
[[ -n "$csvdir" ]] && mkdir -p "$csvdir"
run() {
	local name="$1"
	shift
	local csv=()
	[[ -n "$csvdir" ]] && csv=(--csv "$csvdir/eval-$name.csv")
	printf '%-24s ' "$name"
	"$root/scripts/deepmac" evaluate "${model[@]}" --quiet "${csv[@]}" "$@" | tail -1
}
run dsb-validation --data "$root/../shared/data/dsb2018" --split validation
coco=("$root/../shared/data/coco2017-subset/instances.json" --images "$root/../shared/data/coco2017-subset/images" --split validation)
run coco-validation --coco "${coco[@]}"
run coco-validation-voc --coco "${coco[@]}" --categories voc
run coco-validation-nonvoc --coco "${coco[@]}" --categories nonvoc
run coco-validation-person --coco "${coco[@]}" --categories person
run pedestrians --data "$root/runs/pedestrians/validation"
run pedestrians-close --data "$root/runs/pedestrians/validation-close"
run synthetic-seen --synthetic seen --count 40 --seed 1000
run synthetic-unseen --synthetic unseen --count 40 --seed 1000
run synthetic-clean-seen --synthetic seen --clean --count 40 --seed 2000
run synthetic-clean-unseen --synthetic unseen --clean --count 40 --seed 2000
