#!/usr/bin/env bash
# Does the street-video pedestrian data help? The default model's recipe (scripts/train-default.sh) for a few
# thousand steps, with and without the pedestrians (--extra-fraction 0: those scenes become nuclei or synthetic
# ones), evaluated on the held-out pedestrians, the dsb2018 validation fifth and clean unseen synthetic classes.
# Usage: scripts/ablation-data.sh [STEPS] [OUT] [SEED]   (defaults: 2000 runs/ablation-data 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-2000}"
out="${2:-$root/runs/ablation-data}"
seed="${3:-1}"
mkdir -p "$out"
[[ -d "$root/runs/photos" ]] || "$root/scripts/training-photos.sh" "$root/runs/photos"
[[ -d "$root/runs/pedestrians" ]] || "$root/scripts/training-pedestrians.sh" "$root/runs/pedestrians"
dm() {
	DEEPMAC_JAVA_OPTS="-Xmx12g" "$root/scripts/deepmac" "$@"
}
common=(--steps "$steps" --batch 8 --boxes 8 --crop 224 --lr 0.002 --warmup 100 --seed "$seed" --synthetic 0.45
	--photos "$root/runs/photos" --extra "$root/runs/pedestrians" --min-object 24 --max-object 200 --threads 2
	--checkpoint-every 250)
run() {
	local name="$1"; shift
	echo "== $name: $*" | tee -a "$out/results.txt"
	dm train --out "$out/$name" "${common[@]}" "$@" > "$out/$name.log" 2>&1
	grep "^done" "$out/$name.log" | tee -a "$out/results.txt"
	for data in "$root/runs/pedestrians/validation" "$root/runs/pedestrians/validation-close"; do
		dm evaluate --model "$out/$name/model" --data "$data" --quiet 2>/dev/null | tail -1 | tee -a "$out/results.txt"
	done
	dm evaluate --model "$out/$name/model" --data "$root/../shared/data/dsb2018" --split validation --limit 40 \
		--quiet 2>/dev/null | tail -1 | tee -a "$out/results.txt"
	dm evaluate --model "$out/$name/model" --synthetic unseen --clean --count 40 --seed 2000 --quiet 2>/dev/null \
		| tail -1 | tee -a "$out/results.txt"
}
run with-pedestrians --extra-fraction 0.15
run without-pedestrians --extra-fraction 0
