package backend

import (
	"fmt"
	"sync"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// TestStorageFaults: a failing storage gives an error (a 500, which it is),
// never a success, and leaves no partial state behind.
func TestStorageFaults(t *testing.T) {
	hf, _ := kinds.Get("huggingface")

	t.Run("put fails on create", func(t *testing.T) {
		env := getTestBackend(t)
		env.storage.Underlying().FailPut(true)
		_, err := env.do(logical.CreateOperation, "secrets/huggingface/hf", hf.Example)
		require.Error(t, err)
		env.storage.Underlying().FailPut(false)
		assert.Empty(t, env.storedKeys(t))
	})

	t.Run("put fails on update keeps the old version", func(t *testing.T) {
		env := getTestBackend(t)
		env.ok(t, logical.CreateOperation, "secrets/huggingface/hf", hf.Example)
		env.storage.Underlying().FailPut(true)
		_, err := env.do(logical.UpdateOperation, "secrets/huggingface/hf", map[string]any{"token": "hf_second"})
		require.Error(t, err)
		env.storage.Underlying().FailPut(false)
		creds := env.ok(t, logical.ReadOperation, "creds/hf", nil)
		assert.Equal(t, hf.Example["token"], creds.Data["token"])
		read := env.ok(t, logical.ReadOperation, "secrets/huggingface/hf", nil)
		assert.Equal(t, 1, read.Data["version"])
	})

	t.Run("get fails", func(t *testing.T) {
		env := getTestBackend(t)
		env.ok(t, logical.CreateOperation, "secrets/huggingface/hf", hf.Example)
		env.storage.Underlying().FailGet(true)
		for _, op := range []struct {
			op   logical.Operation
			path string
			data map[string]any
		}{
			{logical.ReadOperation, "creds/hf", nil},
			{logical.ReadOperation, "secrets/huggingface/hf", nil},
			{logical.UpdateOperation, "secrets/huggingface/hf", map[string]any{"token": "hf_second"}},
			{logical.DeleteOperation, "secrets/huggingface/hf", nil},
		} {
			resp, err := env.do(op.op, op.path, op.data)
			require.Error(t, err, "%s %s", op.op, op.path)
			if resp != nil {
				assert.NotContains(t, mustJSON(t, resp.Data), hf.Example["token"])
			}
		}
		env.storage.Underlying().FailGet(false)
		creds := env.ok(t, logical.ReadOperation, "creds/hf", nil)
		assert.Equal(t, hf.Example["token"], creds.Data["token"])
	})

	t.Run("delete fails", func(t *testing.T) {
		env := getTestBackend(t)
		env.ok(t, logical.CreateOperation, "secrets/huggingface/hf", hf.Example)
		env.storage.Underlying().FailDelete(true)
		_, err := env.do(logical.DeleteOperation, "secrets/huggingface/hf", nil)
		require.Error(t, err)
		env.storage.Underlying().FailDelete(false)
		env.ok(t, logical.ReadOperation, "creds/hf", nil)
		env.ok(t, logical.DeleteOperation, "secrets/huggingface/hf", nil)
		assert.Empty(t, env.storedKeys(t))
	})
}

// TestConcurrentWriters runs under -race: many writers to one name must
// produce one version per write, and writers to many names never collide.
func TestConcurrentWriters(t *testing.T) {
	env := getTestBackend(t)
	const writers, perWriter = 8, 25
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				body := map[string]any{"token": fmt.Sprintf("hf_w%di%d", w, i)}
				env.ok(t, logical.UpdateOperation, "secrets/huggingface/shared", body)
				env.ok(t, logical.UpdateOperation, fmt.Sprintf("secrets/huggingface/own-%d", w), body)
				env.ok(t, logical.ReadOperation, "creds/shared", nil)
			}
		}(w)
	}
	wg.Wait()
	read := env.ok(t, logical.ReadOperation, "secrets/huggingface/shared", nil)
	assert.Equal(t, writers*perWriter, read.Data["version"], "every write to one name is one version")
	list := env.ok(t, logical.ListOperation, "secrets/huggingface/", nil)
	assert.Len(t, list.Data["keys"], writers+1)
	for w := 0; w < writers; w++ {
		read := env.ok(t, logical.ReadOperation, fmt.Sprintf("secrets/huggingface/own-%d", w), nil)
		assert.Equal(t, perWriter, read.Data["version"])
	}
}
