#!/usr/bin/env bash
# The small-scale ablation of docs/ablation.md: ground-truth boxes against jittered boxes, and the hourglass mask
# head against two convolutions. Same seed, data and steps for every run; each run trains for a few minutes on
# the 2-core CPU, then is evaluated on synthetic seen / unseen classes and on the held-out fifth of the nuclei.
# Usage: scripts/ablation.sh [STEPS] [OUT] [SEED]   (defaults: 500 runs/ablation 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-500}"
out="${2:-$root/runs/ablation}"
seed="${3:-1}"
mkdir -p "$out"
dm() {
	DEEPMAC_JAVA_OPTS="-Xmx6g" "$root/scripts/deepmac" "$@"
}
common=(--steps "$steps" --batch 8 --boxes 8 --crop 192 --lr 0.002 --warmup 50 --seed "$seed" --synthetic 0.5 --threads 2 --checkpoint-every 100)
run() {
	local name="$1"; shift
	echo "== $name: $*" | tee -a "$out/results.txt"
	dm train --out "$out/$name" "${common[@]}" "$@" > "$out/$name.log" 2>&1
	grep "^done" "$out/$name.log" | tee -a "$out/results.txt"
	for set in seen unseen; do
		dm evaluate --model "$out/$name/model" --synthetic "$set" --count 40 --seed 1000 --quiet \
			--save-data "$out/synthetic-$set" 2>/dev/null | tail -1 | tee -a "$out/results.txt"
	done
	dm evaluate --model "$out/$name/model" --data "$root/../shared/data/dsb2018" --split validation \
		--limit 40 --quiet 2>/dev/null | tail -1 | tee -a "$out/results.txt"
}
run gt-hourglass2 --head hourglass2 --jitter 0
run jitter-hourglass2 --head hourglass2 --jitter 0.25
run gt-conv2 --head conv2 --jitter 0
