#!/usr/bin/env bash
# Trains the shipped default model (models/<name>/README.md gives the run's figures); resumes from
# OUT/checkpoint.bin if present.
# Usage: scripts/train-default.sh [OUT]   (default: runs/default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/default}"
mkdir -p "$out"
[[ -d "$root/runs/photos" ]] || "$root/scripts/training-photos.sh" "$root/runs/photos"
[[ -d "$root/runs/pedestrians" ]] || "$root/scripts/training-pedestrians.sh" "$root/runs/pedestrians"
DEEPMAC_JAVA_OPTS="${DEEPMAC_JAVA_OPTS:--Xmx12g}" exec "$root/scripts/deepmac" train --out "$out" \
	--head hourglass2 --jitter 0 --steps 20000 --batch 8 --boxes 8 --crop 224 --lr 0.002 --warmup 200 \
	--synthetic 0.45 --photos "$root/runs/photos" --extra "$root/runs/pedestrians" --extra-fraction 0.15 \
	--min-object 24 --max-object 200 --seed 42 --threads 2 --checkpoint-every 250 --time-limit 88
