package backend

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
)

// TestRotateAgainstLiveAWS rotates a real IAM user's key. It is opt-in:
// INTEGRATIONS_LIVE_AWS=1 with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
// (and AWS_SESSION_TOKEN if temporary) of an identity that may create and
// delete IAM users and their inline policies. The test creates a throwaway
// user holding only bootstrap/aws/self-rotation-policy.json (the README's
// policy), gives its key to the plugin, rotates it, and deletes the user.
func TestRotateAgainstLiveAWS(t *testing.T) {
	if os.Getenv("INTEGRATIONS_LIVE_AWS") != "1" {
		t.Skip("live AWS test: set INTEGRATIONS_LIVE_AWS=1 and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of an IAM admin")
	}
	ctx := context.Background()
	policy, err := os.ReadFile(filepath.Join("..", "bootstrap", "aws", "self-rotation-policy.json"))
	require.NoError(t, err)
	admin := iam.NewFromConfig(aws.Config{
		Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider(
			os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN")),
	})
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	user := "vault-integrations-rotation-test-" + hex.EncodeToString(suffix)
	_, err = admin.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(user)})
	require.NoError(t, err)
	t.Cleanup(func() { deleteLiveUser(t, admin, user) })
	_, err = admin.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String("self-rotation"), PolicyDocument: aws.String(string(policy))})
	require.NoError(t, err)
	key, err := admin.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	require.NoError(t, err)
	oldID, oldSecret := aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey)

	// A new user's key and policy take a while to apply everywhere.
	own := awsiam.New(awsiam.Settings{}, awsiam.Key{ID: oldID, Secret: oldSecret})
	pollLive(t, 2*time.Minute, func() error { _, err := own.ListAccessKeys(ctx, user); return err })

	env := getTestBackend(t)
	env.b.verifyInterval = time.Second
	env.ok(t, logical.UpdateOperation, "config", map[string]any{"rotation_verify_timeout": 120})
	env.ok(t, logical.CreateOperation, "secrets/aws/live", map[string]any{"access_key_id": oldID, "secret_access_key": oldSecret})
	env.ok(t, logical.UpdateOperation, "rotate/live", nil)

	creds := env.ok(t, logical.ReadOperation, "creds/live", nil).Data
	newID, newSecret := creds["access_key_id"].(string), creds["secret_access_key"].(string)
	require.NotEqual(t, oldID, newID)
	arn, err := awsiam.New(awsiam.Settings{}, awsiam.Key{ID: newID, Secret: newSecret}).CallerIdentity(ctx)
	require.NoError(t, err)
	assert.Contains(t, arn, ":user/"+user)
	// Deletion propagates too: wait until STS rejects the old key.
	pollLive(t, 2*time.Minute, func() error {
		if _, err := own.CallerIdentity(ctx); err == nil {
			return errStillValid
		}
		return nil
	})
	out, err := admin.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)})
	require.NoError(t, err)
	require.Len(t, out.AccessKeyMetadata, 1)
	assert.Equal(t, newID, aws.ToString(out.AccessKeyMetadata[0].AccessKeyId))
}

var errStillValid = &awsiam.Error{Op: "GetCallerIdentity", Msg: "the old key still authenticates"}

func pollLive(t *testing.T, limit time.Duration, try func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		err := try()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after %s: %v", limit, err)
		}
		<-tick.C
	}
}

func deleteLiveUser(t *testing.T, admin *iam.Client, user string) {
	ctx := context.Background()
	if out, err := admin.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)}); err == nil {
		for _, k := range out.AccessKeyMetadata {
			_, _ = admin.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(user), AccessKeyId: k.AccessKeyId})
		}
	}
	_, _ = admin.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String("self-rotation")})
	if _, err := admin.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(user)}); err != nil {
		t.Errorf("could not delete the test user %s; delete it by hand: %v", user, err)
	}
}
