package backend

import (
	"context"
	"runtime"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// listGate bounds how many LIST requests the plugin serves at once.
//
// Why: a list's cost grows with the names it returns (the storage answer is
// decoded, then the response encoded, all 9,091 names of a kind at 100k
// secrets), while the plugin holds nothing per secret otherwise. With
// no bound, sixteen clients listing a large kind at once made the plugin's
// heap, and so its resident memory, grow with the number of secrets
// (BENCHMARKS.md). Lists are CPU-bound, so serving more of them at once than
// there are cores gains no throughput: the others wait their turn, holding
// no memory, and reads and writes never wait on this gate.
type listGate chan struct{}

func newListGate() listGate { return make(listGate, max(2, runtime.GOMAXPROCS(0))) }

// wrap serves op once a slot is free, or gives up when the request is cancelled.
func (g listGate) wrap(op framework.OperationFunc) framework.OperationFunc {
	return func(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
		select {
		case g <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-g }()
		return op(ctx, req, d)
	}
}
