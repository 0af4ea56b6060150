package backend

import (
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigDefaultsWriteAndDelete(t *testing.T) {
	env := getTestBackend(t)
	read := env.ok(t, logical.ReadOperation, "config", nil)
	assert.Equal(t, int64(30), read.Data["rotation_verify_timeout"])
	assert.Equal(t, "", read.Data["aws_iam_endpoint"])

	env.ok(t, logical.UpdateOperation, "config", map[string]any{"aws_iam_endpoint": "http://127.0.0.1:8333", "rotation_verify_timeout": "2m"})
	// A write changes only the fields it names.
	env.ok(t, logical.UpdateOperation, "config", map[string]any{"aws_sts_endpoint": "https://sts.internal.example:443"})
	read = env.ok(t, logical.ReadOperation, "config", nil)
	assert.Equal(t, "http://127.0.0.1:8333", read.Data["aws_iam_endpoint"])
	assert.Equal(t, "https://sts.internal.example:443", read.Data["aws_sts_endpoint"])
	assert.Equal(t, int64(120), read.Data["rotation_verify_timeout"])

	env.ok(t, logical.DeleteOperation, "config", nil)
	read = env.ok(t, logical.ReadOperation, "config", nil)
	assert.Equal(t, "", read.Data["aws_iam_endpoint"])
	assert.Equal(t, int64(30), read.Data["rotation_verify_timeout"])
	assert.Empty(t, env.storedKeys(t))
}

func TestConfigBadInputIsA400AndStoresNothing(t *testing.T) {
	for _, c := range []struct {
		why   string
		body  map[string]any
		field string
	}{
		{"endpoint without scheme", map[string]any{"aws_iam_endpoint": "iam.amazonaws.com"}, "aws_iam_endpoint"},
		{"endpoint with another scheme", map[string]any{"aws_sts_endpoint": "ftp://sts.example"}, "aws_sts_endpoint"},
		{"timeout too short", map[string]any{"rotation_verify_timeout": "0s"}, "rotation_verify_timeout"},
		{"timeout too long", map[string]any{"rotation_verify_timeout": "11m"}, "rotation_verify_timeout"},
		{"unknown field", map[string]any{"aws_region": "us-east-1"}, "aws_region"},
	} {
		t.Run(c.why, func(t *testing.T) {
			env := getTestBackend(t)
			env.badRequest(t, logical.UpdateOperation, "config", c.body, c.field)
			assert.Empty(t, env.storedKeys(t))
		})
	}
}

func TestConfigExistenceCheckSeparatesCreateFromUpdate(t *testing.T) {
	env := getTestBackend(t)
	checkFound, exists, err := env.b.HandleExistenceCheck(t.Context(), &logical.Request{
		Operation: logical.CreateOperation, Path: "config", Storage: env.storage,
	})
	require.NoError(t, err)
	assert.True(t, checkFound)
	assert.False(t, exists)
	env.ok(t, logical.CreateOperation, "config", map[string]any{"rotation_verify_timeout": 10})
	_, exists, err = env.b.HandleExistenceCheck(t.Context(), &logical.Request{
		Operation: logical.CreateOperation, Path: "config", Storage: env.storage,
	})
	require.NoError(t, err)
	assert.True(t, exists)
}
