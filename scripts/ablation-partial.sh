#!/usr/bin/env bash
# The paper's partial-supervision experiment on photographs (docs/ablation.md): the objects model's recipe
# (scripts/train-objects.sh) trained with masks of all 80 COCO categories and with masks of the 20 PASCAL VOC
# categories only (the others keep their boxes, with no mask loss), both measured on the held-out fifth of
# ../shared/data/coco2017-subset, split into VOC and non-VOC instances.
# Usage: scripts/ablation-partial.sh [OUT]   (default: runs; the all-categories run is OUT/objects, reused if trained)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs}"
coco="$root/../shared/data/coco2017-subset"
for masks in all voc; do
	run="$out/objects-4000"
	[[ "$masks" == all ]] || run="$out/objects-$masks"
	# the ablation's 4,000 steps (deepmac-objects-v1's recipe; v2 resumes that run to 10,000)
	[[ -d "$run/model" ]] || "$root/scripts/train-objects.sh" "$run" "$masks" --steps 4000 > "$run.log" 2>&1
	for categories in voc nonvoc all; do
		printf '%-6s masks, %-6s instances: ' "$masks" "$categories"
		"$root/scripts/deepmac" evaluate --model "$run/model" --coco "$coco/instances.json" --images "$coco/images" \
			--split validation --categories "$categories" --quiet | tail -1
	done
done
