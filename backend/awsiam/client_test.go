package awsiam_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/iamfake"
)

func client(url string, id, secret string) *awsiam.Client {
	return awsiam.New(awsiam.Settings{IAMEndpoint: url, STSEndpoint: url, MaxAttempts: 1}, awsiam.Key{ID: id, Secret: secret})
}

func TestClientCalls(t *testing.T) {
	t.Parallel()
	fake := iamfake.New()
	url := fake.Start(t)
	id, secret := fake.CreateUser("alice")
	c := client(url, id, secret)
	ctx := context.Background()

	u, err := c.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, awsiam.User{Name: "alice", ARN: "arn:aws:iam::" + iamfake.AccountID + ":user/alice"}, u)

	k, err := c.CreateAccessKey(ctx, "alice")
	require.NoError(t, err)
	keys, err := c.ListAccessKeys(ctx, "alice")
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.True(t, keys[1].Active)
	assert.Equal(t, k.ID, keys[1].ID)
	assert.False(t, keys[1].Created.IsZero())

	arn, err := client(url, k.ID, k.Secret).CallerIdentity(ctx)
	require.NoError(t, err)
	assert.Equal(t, u.ARN, arn)

	require.NoError(t, c.DeleteAccessKey(ctx, "alice", k.ID))
	require.NoError(t, c.DeleteAccessKey(ctx, "alice", k.ID), "deleting a key that is gone succeeds")
	_, err = client(url, k.ID, k.Secret).CallerIdentity(ctx)
	assert.True(t, awsiam.IsAuthFailure(err))
}

// TestErrorsCarryTheAWSCode checks classification by smithy's APIError code
// against the error documents real IAM and STS send.
func TestErrorsCarryTheAWSCode(t *testing.T) {
	t.Parallel()
	fake := iamfake.New()
	url := fake.Start(t)
	id, secret := fake.CreateUser("bob")
	ctx := context.Background()

	fake.FailAction("CreateAccessKey", 1, "LimitExceeded")
	_, err := client(url, id, secret).CreateAccessKey(ctx, "bob")
	assert.Equal(t, awsiam.CodeLimitExceeded, awsiam.Code(err))
	var e *awsiam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "CreateAccessKey", e.Op)

	_, err = client(url, id, secret).ListAccessKeys(ctx, "someone-else")
	assert.Equal(t, awsiam.CodeAccessDenied, awsiam.Code(err))

	_, err = client(url, id, "wrong-secret").GetUser(ctx)
	assert.True(t, awsiam.IsAuthFailure(err))
	assert.Equal(t, awsiam.CodeBadSignature, awsiam.Code(err))

	_, err = client(url, "AKIAUNKNOWNUNKNOWN00", secret).CallerIdentity(ctx)
	assert.Equal(t, awsiam.CodeInvalidToken, awsiam.Code(err))
	assert.NotContains(t, err.Error(), secret)

	// A transport failure has no code.
	_, err = client("http://127.0.0.1:1", id, secret).GetUser(ctx)
	require.Error(t, err)
	assert.Equal(t, "", awsiam.Code(err))
	assert.False(t, awsiam.IsAuthFailure(err))
}

func TestCreateAccessKeyIsNotRetried(t *testing.T) {
	t.Parallel()
	fake := iamfake.New()
	url := fake.Start(t)
	id, secret := fake.CreateUser("carol")
	fake.FailAction("CreateAccessKey", 1, "ServiceFailure")
	fake.FailAction("GetUser", 1, "ServiceFailure")
	c := awsiam.New(awsiam.Settings{IAMEndpoint: url, STSEndpoint: url}, awsiam.Key{ID: id, Secret: secret})
	_, err := c.CreateAccessKey(context.Background(), "carol")
	require.Error(t, err)
	assert.Equal(t, 1, fake.Calls("CreateAccessKey"), "one attempt only")
	_, err = c.GetUser(context.Background())
	require.NoError(t, err, "other calls keep the SDK's retries")
	assert.Equal(t, 2, fake.Calls("GetUser"))
}
