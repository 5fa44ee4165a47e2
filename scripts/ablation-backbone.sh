#!/usr/bin/env bash
# Frozen or fine-tuned CenterNet backbone (docs/ablation.md): the objects model's recipe (scripts/train-objects.sh)
# for the same short budget both ways (the fine-tuned backbone at a tenth of the head's learning rate), measured on
# the held-out fifth of ../shared/data/coco2017-subset.
# Usage: scripts/ablation-backbone.sh [STEPS] [OUT]   (defaults: 1000 runs/ablation-backbone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-1000}"
out="${2:-$root/runs/ablation-backbone}"
coco="$root/../shared/data/coco2017-subset"
mkdir -p "$out"
for run in frozen fine-tuned; do
	extra=(--steps "$steps" --warmup 50)
	[[ "$run" == fine-tuned ]] && extra+=(--fine-tune)
	[[ -d "$out/$run/model" ]] || "$root/scripts/train-objects.sh" "$out/$run" all "${extra[@]}" > "$out/$run.log" 2>&1
	printf '%-10s ' "$run"
	grep "^done" "$out/$run.log" | tr '\n' ' '
	"$root/scripts/deepmac" evaluate --model "$out/$run/model" --coco "$coco/instances.json" --images "$coco/images" \
		--split validation --quiet | tail -1
done
