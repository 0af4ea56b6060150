package backend

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/vault/sdk/helper/consts"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// countingSystemView counts replication-state queries, each of which is a
// gRPC round trip to Vault when the plugin runs as an external process.
type countingSystemView struct {
	logical.StaticSystemView
	calls atomic.Int64
}

func (s *countingSystemView) ReplicationState() consts.ReplicationState {
	s.calls.Add(1)
	return s.StaticSystemView.ReplicationState()
}

// TestHotPathsDoNotAskForTheReplicationState proves that the paths workloads
// call often cost no extra round trip to Vault (see hotPath).
func TestHotPathsDoNotAskForTheReplicationState(t *testing.T) {
	conf := logical.TestBackendConfig()
	sys := &countingSystemView{StaticSystemView: logical.StaticSystemView{}}
	conf.System = sys
	storage := &logical.InmemStorage{}
	conf.StorageView = storage
	b, err := Factory(context.Background(), conf)
	require.NoError(t, err)
	env := &testEnv{b: b.(*backend), storage: storage}

	k, ok := kinds.Get("huggingface")
	require.True(t, ok)
	before := sys.calls.Load()
	for _, rq := range []struct {
		op   logical.Operation
		path string
		body map[string]any
	}{
		{logical.CreateOperation, "secrets/huggingface/hot", k.Example},
		{logical.UpdateOperation, "secrets/huggingface/hot", k.Example},
		{logical.PatchOperation, "secrets/huggingface/hot", map[string]any{"token": k.Example["token"]}},
		{logical.ReadOperation, "secrets/huggingface/hot", nil},
		{logical.ListOperation, "secrets/huggingface/", nil},
		{logical.ReadOperation, "creds/hot", nil},
		{logical.DeleteOperation, "secrets/huggingface/hot", nil},
	} {
		env.ok(t, rq.op, rq.path, rq.body)
		assert.Equal(t, before, sys.calls.Load(), "%s %s asked for the replication state", rq.op, rq.path)
	}
}

func TestSecretExistenceCheck(t *testing.T) {
	env := getTestBackend(t)
	k, _ := kinds.Get("huggingface")
	exists := func() (bool, error) {
		found, exists, err := env.b.HandleExistenceCheck(t.Context(), &logical.Request{
			Operation: logical.UpdateOperation, Path: "secrets/huggingface/app", Storage: env.storage,
		})
		require.True(t, found)
		return exists, err
	}
	ok, err := exists()
	require.NoError(t, err)
	assert.False(t, ok)
	env.ok(t, logical.CreateOperation, "secrets/huggingface/app", k.Example)
	ok, err = exists()
	require.NoError(t, err)
	assert.True(t, ok)
	env.storage.Underlying().FailGet(true)
	_, err = exists()
	assert.Error(t, err, "a storage failure is not 'absent'")
}
