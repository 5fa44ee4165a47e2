#!/usr/bin/env bash
# Pedestrian masks for training (train --extra DIR) and a held-out pedestrian check (evaluate --data DIR/validation):
# background subtraction on OpenCV's street video vtest.avi from Debian's opencv-doc (scripts/pedestrians-vtest.py).
# Needs Debian's python3-opencv (apt-get install python3-opencv). Nothing is downloaded at training time.
# Usage: scripts/training-pedestrians.sh [DIR]   (default: runs/pedestrians)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/pedestrians}"
if ! /usr/bin/python3 -c 'import cv2' 2>/dev/null; then
	echo "training-pedestrians.sh: needs OpenCV for Python: apt-get install python3-opencv" >&2
	exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download opencv-doc >/dev/null 2>&1)
dpkg -x "$work"/opencv-doc_*.deb "$work/x"
rm -rf "$out.tmp"
/usr/bin/python3 "$root/scripts/pedestrians-vtest.py" "$work/x/usr/share/doc/opencv-doc/examples/data/vtest.avi" "$out.tmp" 3
rm -rf "$out"
mv "$out.tmp" "$out"
