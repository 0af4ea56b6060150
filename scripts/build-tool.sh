#!/usr/bin/env bash
# Builds one of the real servers the tests run against (vault or weed) from its
# wrapper module under bootstrap/, into a cache outside the repo keyed by the
# wrapper's go.sum, and links it into bin/. A warm cache costs nothing; a cold
# Vault build takes about 11 minutes on 2 cores, SeaweedFS about as long.
#
# usage: scripts/build-tool.sh vault|weed
set -euo pipefail

tool=${1:?usage: build-tool.sh vault|weed}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$tool" in
vault) mod=$root/bootstrap/vault pkg=. ;;
weed) mod=$root/bootstrap/seaweedfs pkg=github.com/seaweedfs/seaweedfs/weed ;;
*) echo "build-tool.sh: unknown tool $tool (want vault or weed)" >&2; exit 2 ;;
esac

cache=${INTEGRATIONS_CACHE:-$HOME/.cache/vault-plugin-secrets-integrations}
key=$(cat "$mod/go.mod" "$mod/go.sum" "$mod"/*.go | sha256sum | cut -c1-16)
out=$cache/$tool-$key/$tool
mkdir -p "$root/bin"

if [ ! -x "$out" ]; then
	echo "building $tool into $out (first build takes minutes; later runs reuse it)" >&2
	mkdir -p "$(dirname "$out")"
	(cd "$mod" && go build -trimpath -ldflags "-s -w" -o "$out.tmp" "$pkg")
	mv "$out.tmp" "$out"
fi
ln -sf "$out" "$root/bin/$tool"
