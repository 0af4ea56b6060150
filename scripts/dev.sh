#!/usr/bin/env bash
# make dev: a real Vault dev server on 127.0.0.1:8200 (root token "root") with
# the plugin registered by SHA-256 and mounted at integrations/, and the
# example policies from bootstrap/policies/ installed. Runs in the foreground;
# Ctrl-C stops Vault and removes its temp files.
#
# Environment: VAULT_DEV_LISTEN_ADDRESS (default 127.0.0.1:8200),
# VAULT_DEV_ROOT_TOKEN_ID (default root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ ! -x bin/vault ]; then
	echo "bin/vault is missing: building Vault v1.21.1 from the Go module proxy" \
		"(the first build takes minutes, about 11 on 2 cores; later runs reuse the cache)" >&2
fi
scripts/build-tool.sh vault

if [ ! -x bin/vault-plugin-secrets-integrations ]; then
	echo "building the plugin (bin/vault-plugin-secrets-integrations)" >&2
fi
# Renamed into place: a running test may be copying the plugin from bin/.
go build -trimpath -o bin/vault-plugin-secrets-integrations.tmp.$$ ./cmd/vault-plugin-secrets-integrations
mv -f bin/vault-plugin-secrets-integrations.tmp.$$ bin/vault-plugin-secrets-integrations
go build -o bin/devvault.tmp.$$ ./scripts/devvault
mv -f bin/devvault.tmp.$$ bin/devvault

exec bin/devvault
