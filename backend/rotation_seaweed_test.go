package backend

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/seaweed"
)

// TestRotateAgainstSeaweedFS rotates keys at a real IAM/STS endpoint
// (SeaweedFS), with and without a grace period: the new key must work as
// the same user, the old one must be rejected once retired, and the user
// must be left with one key. It runs where WEED_BIN is set (make seaweed).
func TestRotateAgainstSeaweedFS(t *testing.T) {
	t.Parallel()
	weed := seaweed.StartT(t)
	ctx := context.Background()

	for _, tc := range []struct{ name, grace string }{{"no grace", "0"}, {"with grace", "10m"}} {
		t.Run(tc.name, func(t *testing.T) {
			env := newRotEnv(t)
			env.ok(t, logical.UpdateOperation, "config", map[string]any{"aws_iam_endpoint": weed.URL, "aws_sts_endpoint": weed.URL, "rotation_verify_timeout": 30})
			env.b.verifyInterval = 100 * time.Millisecond
			env.b.awsMaxAttempts = 0 // the SDK's own retries, as in production

			user := "rot-" + map[string]string{"0": "a", "10m": "b"}[tc.grace]
			oldID, oldSecret, err := weed.CreateUser(ctx, user)
			require.NoError(t, err)
			oldARN, err := weed.CallerARN(ctx, oldID, oldSecret)
			require.NoError(t, err)
			env.ok(t, logical.CreateOperation, "secrets/aws/"+user, map[string]any{
				"access_key_id": oldID, "secret_access_key": oldSecret, "grace_period": tc.grace,
			})

			resp := env.ok(t, logical.UpdateOperation, "rotate/"+user, nil)
			newID, newSecret, _ := env.creds(t, user)
			require.NotEqual(t, oldID, newID)
			assert.Equal(t, newID, resp.Data["access_key_id"])

			arn, err := weed.CallerARN(ctx, newID, newSecret)
			require.NoError(t, err, "the new key works")
			assert.Equal(t, oldARN, arn, "as the same user")

			if tc.grace != "0" {
				_, err := weed.CallerARN(ctx, oldID, oldSecret)
				require.NoError(t, err, "the old key works during its grace period")
				env.clock.Advance(10 * time.Minute)
				env.periodic(t)
			}
			_, err = weed.CallerARN(ctx, oldID, oldSecret)
			require.Error(t, err, "the retired key is rejected")
			assert.True(t, awsiam.IsAuthFailure(err), "rejected as an unknown key: %v", err)
			ids, err := weed.KeyIDs(ctx, user)
			require.NoError(t, err)
			assert.Equal(t, []string{newID}, ids, "the user holds one key")
			data := env.read(t, user)
			assert.Equal(t, "", data["last_rotation_error"])
			assert.Empty(t, data["retiring_access_keys"])
		})
	}
}
