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
// external plugin that is a gRPC round trip back to Vault, as costly as a
// storage read, and no path here sets those properties, so the answer is
// never used. Callbacks skip it. Measured with make bench (BENCHMARKS.md,
// "What profiling found"), the saving is below the run-to-run noise on a
// 2-core machine: the call is cheap next to a storage read, whose cost is
// mostly Vault's own work. It is kept because it is free, and a test holds
// it. The OpenAPI operation ids stay the same, taken from the path's
// DisplayAttrs and the operation types.
func hotPath(ops map[logical.Operation]framework.OperationFunc) map[logical.Operation]framework.OperationFunc {
	return ops
}
