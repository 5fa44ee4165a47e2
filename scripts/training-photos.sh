#!/usr/bin/env bash
# Gathers the real photographs that synthetic training scenes take backgrounds and object textures from
# (train --photos DIR): sample images that Debian packages ship (opencv-doc's samples/data, python3-skimage's
# data). Nothing is downloaded at training time; this script uses apt-get download once. The demo's coffee.png
# is left out on purpose.
# Usage: scripts/training-photos.sh [DIR]   (default: runs/photos)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/photos}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download opencv-doc python3-skimage >/dev/null 2>&1)
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
mkdir -p "$out"
ocv="$work/x/usr/share/doc/opencv-doc/examples/data"
ski="$work/x/usr/lib/python3/dist-packages/skimage/data"
for f in aero1.jpg aero3.jpg aloeL.jpg apple.jpg baboon.jpg basketball1.png board.jpg building.jpg butterfly.jpg \
	fruits.jpg graf1.png HappyFish.jpg home.jpg leuvenA.jpg messi5.jpg orange.jpg rubberwhale1.png smarties.png \
	squirrel_cls.jpg starry_night.jpg stuff.jpg; do
	cp "$ocv/$f" "$out/opencv-$f"
done
for f in astronaut.png chelsea.png rocket.jpg camera.png grass.png gravel.png brick.png motorcycle_left.png; do
	if [[ -f "$ski/$f" ]]; then cp "$ski/$f" "$out/skimage-$f"; fi
done
ls "$out" | wc -l
