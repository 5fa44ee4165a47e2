#!/usr/bin/env bash
# Trains the shipped default model (models/<name>/README.md gives the run's figures). Runs from a frozen copy of
# the build so that editing the sources meanwhile changes nothing; resumes from OUT/checkpoint.bin if present.
# Usage: scripts/train-default.sh [OUT]   (default: runs/default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/default}"
mkdir -p "$out"
[[ -d "$root/runs/photos" ]] || "$root/scripts/training-photos.sh" "$root/runs/photos"
[[ -d "$root/runs/pedestrians" ]] || "$root/scripts/training-pedestrians.sh" "$root/runs/pedestrians"
if [[ ! -f "$out/deepmac-fiji.jar" ]]; then
	"$root/scripts/deepmac" --version >/dev/null
	cp "$root/target/deepmac-fiji.jar" "$root/target/classpath.txt" "$out/"
fi
TF_CPP_MIN_LOG_LEVEL=2 exec java -Xmx12g -Djava.awt.headless=true -Ddeepmac.home="$root" \
	-cp "$out/deepmac-fiji.jar:$(cat "$out/classpath.txt")" sc.fiji.deepmac.cli.DeepMacCli train --out "$out" \
	--head hourglass2 --jitter 0 --steps 20000 --batch 8 --boxes 8 --crop 224 --lr 0.002 --warmup 200 \
	--synthetic 0.45 --photos "$root/runs/photos" --extra "$root/runs/pedestrians" --extra-fraction 0.15 \
	--min-object 24 --max-object 200 --seed 42 --threads 2 --checkpoint-every 250 --time-limit 88
