package backend

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

type testEnv struct {
	b       *backend
	storage *logical.InmemStorage
}

func getTestBackend(tb testing.TB) *testEnv {
	tb.Helper()
	conf := logical.TestBackendConfig()
	storage := &logical.InmemStorage{}
	conf.StorageView = storage
	b, err := Factory(context.Background(), conf)
	require.NoError(tb, err)
	return &testEnv{b: b.(*backend), storage: storage}
}

// do sends one request; err is what Vault would turn into a 500.
func (env *testEnv) do(op logical.Operation, path string, data map[string]any) (*logical.Response, error) {
	return env.b.HandleRequest(context.Background(), &logical.Request{
		Operation: op, Path: path, Data: data, Storage: env.storage,
	})
}

// ok sends a request that must succeed.
func (env *testEnv) ok(tb testing.TB, op logical.Operation, path string, data map[string]any) *logical.Response {
	tb.Helper()
	resp, err := env.do(op, path, data)
	require.NoError(tb, err, "%s %s", op, path)
	if resp != nil {
		require.False(tb, resp.IsError(), "%s %s: %v", op, path, resp.Error())
	}
	return resp
}

// badRequest sends a request that must be refused with a 400 naming field.
func (env *testEnv) badRequest(tb testing.TB, op logical.Operation, path string, data map[string]any, field string) string {
	tb.Helper()
	resp, err := env.do(op, path, data)
	require.NoError(tb, err, "bad input must be a 400, not an internal error")
	require.NotNil(tb, resp)
	require.True(tb, resp.IsError(), "want an error response, got %v", resp.Data)
	msg := resp.Error().Error()
	require.Contains(tb, msg, `"`+field+`"`)
	return msg
}

// storedKeys lists every key in storage, to prove a refused write stored nothing.
func (env *testEnv) storedKeys(tb testing.TB) []string {
	tb.Helper()
	var out []string
	var walk func(prefix string)
	walk = func(prefix string) {
		keys, err := env.storage.List(context.Background(), prefix)
		require.NoError(tb, err)
		for _, k := range keys {
			if strings.HasSuffix(k, "/") {
				walk(prefix + k)
			} else {
				out = append(out, prefix+k)
			}
		}
	}
	walk("")
	return out
}

// sensitiveValues are the values of k's sensitive fields in body, as written.
func sensitiveValues(k *kinds.Kind, body map[string]any) []string {
	var out []string
	for key, v := range body {
		if s, ok := v.(string); ok && k.IsSensitive(key) {
			out = append(out, s)
		}
	}
	return out
}

func mustJSON(tb testing.TB, v any) string {
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return string(b)
}
