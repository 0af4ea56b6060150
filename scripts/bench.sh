#!/usr/bin/env bash
# Runs the benchmark driver (scripts/bench) against a dev Vault it starts
# itself, with the plugin from bin/ (make bench builds both first). Arguments
# go to the driver, e.g.:
#
#   make bench                              1k, 10k and 100k secrets; rewrites BENCHMARKS.md
#   make bench ARGS=-quick                  seconds; prints the table only
#   make bench ARGS='-profile /tmp/prof'    also CPU and allocation profiles of the plugin
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./scripts/bench "$@"
