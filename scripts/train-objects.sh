#!/usr/bin/env bash
# Trains the shipped objects model, deepmac-objects-v3 (models/deepmac-objects-v3/README.md gives the run's
# figures): a Deep-MAC head on the frozen COCO-trained CenterNet of scripts/training-centernet.sh, trained on the
# training four fifths of ../shared/data/coco2017-subset (masks of the categories MASKS names, default all), every
# fourth frame of the street-video pedestrians (scripts/training-pedestrians.sh) and synthetic scenes.
# Resumes from OUT/checkpoint.bin if present. Extra arguments go to `deepmac train`.
# Usage: scripts/train-objects.sh [OUT] [MASKS] [...]   (defaults: runs/objects all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/objects}"
masks="${2:-all}"
shift $(( $# < 2 ? $# : 2 ))
coco="$root/../shared/data/coco2017-subset"
[[ -f "$root/runs/centernet/centernet.json" ]] || "$root/scripts/training-centernet.sh" "$root/runs/centernet" >/dev/null
[[ -d "$root/runs/pedestrians" ]] || "$root/scripts/training-pedestrians.sh" "$root/runs/pedestrians"
pedestrians="$root/runs/pedestrians-every4"
if [[ ! -d "$pedestrians" ]]; then
	mkdir -p "$pedestrians.tmp/train"
	i=0
	for labels in "$root"/runs/pedestrians/train/*_labels.png; do
		(( i++ % 4 == 0 )) && cp "$labels" "${labels%_labels.png}.png" "$pedestrians.tmp/train/"
	done
	mv "$pedestrians.tmp" "$pedestrians"
fi
train() {
	DEEPMAC_JAVA_OPTS="${DEEPMAC_JAVA_OPTS:--Xmx10g}" "$root/scripts/deepmac" train --out "$out" \
		--backbone "$root/runs/centernet/centernet.json" --coco "$coco/instances.json" --images "$coco/images" \
		--mask-categories "$masks" --extra "$pedestrians" --extra-fraction 0.85 --synthetic 1 \
		--head hourglass3 --head-channels 48 --crop 256 --batch 8 --boxes 8 --lr 0.002 --warmup 100 --jitter 0 \
		--seed 42 --threads 2 --checkpoint-every 200 "$@"
}
# deepmac-objects-v3: 4,000 steps of cosine decay (what v1 was), then resumed to 7,000, to 10,000 (v2) and to 16,000
# steps, the schedule stretched over the new total each time (warm restarts). A finished phase is skipped on a rerun.
train --steps 4000 "$@"
train --steps 7000 "$@"
train --steps 10000 "$@"
train --steps 16000 "$@"
# Calibrated: 0.5 where the head gives 0.35, the threshold of the best mean IoU on the COCO training images
# (models/deepmac-objects-v3/README.md; docs/model.md).
"$root/scripts/deepmac" train --out "$out" --export-only --mask-threshold 0.35 --backbone "$root/runs/centernet/centernet.json"
