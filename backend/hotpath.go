package backend

import (
	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// hotPath marks the operation table of a path that workloads call often
// (creds/<name>, secrets/<kind>/<name>, secrets/<kind>/), given in the
// framework's Callbacks form rather than Operations.
//
// Why: for a path with Operations, framework.Backend.HandleRequest asks the
// system view for the replication state on every request, to honour the
// ForwardPerformanceStandby and ForwardPerformanceSecondary properties. In an
// external plugin that is a gRPC round trip back to Vault, and no path here
// sets those properties, so the answer is never used. Callbacks skip it.
// Callbacks are deprecated in the SDK, so this is kept only where it pays:
// in interleaved make bench runs (BENCHMARKS.md, "What profiling found"),
// creds/ reads went from 0.46-0.47x of KV v2 with Operations to 0.52-0.58x
// with Callbacks. The OpenAPI operation ids stay the same, taken from the
// path's DisplayAttrs and the operation types; summaries come from the
// path's HelpSynopsis.
func hotPath(ops map[logical.Operation]framework.OperationFunc) map[logical.Operation]framework.OperationFunc {
	return ops
}
