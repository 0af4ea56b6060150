package backend

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListGateBoundsConcurrentLists starts more lists than the gate has
// slots, holds them all inside the handler, and checks that no more than the
// gate's size ever run at once and that every one is served in the end.
func TestListGateBoundsConcurrentLists(t *testing.T) {
	g := make(listGate, 2)
	var inside, most atomic.Int32
	entered := make(chan struct{}, 8)
	release := make(chan struct{})
	op := g.wrap(func(context.Context, *logical.Request, *framework.FieldData) (*logical.Response, error) {
		n := inside.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		entered <- struct{}{}
		<-release
		inside.Add(-1)
		return logical.ListResponse(nil), nil
	})

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := op(context.Background(), &logical.Request{}, nil)
			assert.NoError(t, err)
		}()
	}
	// Two lists get in; the gate is then full, so the other six wait.
	<-entered
	<-entered
	assert.Len(t, g, cap(g), "both slots are taken")
	close(release)
	wg.Wait()
	assert.Len(t, entered, 6, "every list was served")
	assert.Equal(t, int32(2), most.Load(), "never more lists at once than slots")
}

// TestListGateGivesUpWhenCancelled: a list waiting for a slot returns when its
// request is cancelled, without running.
func TestListGateGivesUpWhenCancelled(t *testing.T) {
	g := make(listGate, 1)
	g <- struct{}{} // the only slot is taken
	ran := false
	op := g.wrap(func(context.Context, *logical.Request, *framework.FieldData) (*logical.Response, error) {
		ran = true
		return nil, nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := op(ctx, &logical.Request{}, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, ran)
}

// TestListsAreGated checks that the backend's list paths go through the gate:
// with every slot taken, a cancelled LIST returns without touching storage.
func TestListsAreGated(t *testing.T) {
	env := getTestBackend(t)
	for range cap(env.b.lists) {
		env.b.lists <- struct{}{}
	}
	counted := &countingStorage{Storage: env.storage}
	for _, path := range []string{"secrets/", "secrets/aws/", "creds/"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := env.b.HandleRequest(ctx, &logical.Request{Operation: logical.ListOperation, Path: path, Storage: counted})
		assert.ErrorIs(t, err, context.Canceled, path)
		assert.Zero(t, counted.lists.Load(), "%s listed storage while the gate was full", path)
	}
}
