package backend

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/iamfake"
)

// rotEnv is a backend whose mount config points at an in-repo IAM/STS
// server, with a settable clock and fast verification retries.
type rotEnv struct {
	*testEnv
	fake  *iamfake.Server
	url   string
	clock *testClock
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newRotEnv(t *testing.T) *rotEnv {
	t.Helper()
	env := &rotEnv{testEnv: getTestBackend(t), fake: iamfake.New(), clock: &testClock{t: time.Now().UTC().Truncate(time.Second)}}
	env.url = env.fake.Start(t)
	env.tune(env.b)
	env.ok(t, logical.UpdateOperation, "config", map[string]any{
		"aws_iam_endpoint": env.url, "aws_sts_endpoint": env.url, "rotation_verify_timeout": 2,
	})
	return env
}

// tune sets a backend's test seams: the shared clock, millisecond verify
// retries and no SDK retries, so an injected fault fails its call at once.
func (env *rotEnv) tune(b *backend) {
	b.now = env.clock.Now
	b.verifyInterval = time.Millisecond
	b.awsMaxAttempts = 1
}

// restart builds a second backend on the same storage, like a plugin restart
// or a new leader.
func (env *rotEnv) restart(t *testing.T) {
	t.Helper()
	conf := logical.TestBackendConfig()
	conf.StorageView = env.storage
	b, err := Factory(context.Background(), conf)
	require.NoError(t, err)
	env.b = b.(*backend)
	env.tune(env.b)
}

// awsSecret creates an IAM user on the fake and stores its key as secret name.
func (env *rotEnv) awsSecret(t *testing.T, name string, extra map[string]any) (user, keyID, secret string) {
	t.Helper()
	user = "u-" + strings.ReplaceAll(name, ".", "-")
	keyID, secret = env.fake.CreateUser(user)
	body := map[string]any{"access_key_id": keyID, "secret_access_key": secret}
	for k, v := range extra {
		body[k] = v
	}
	env.ok(t, logical.CreateOperation, "secrets/aws/"+name, body)
	return user, keyID, secret
}

// creds reads creds/<name> and returns the key pair it gives.
func (env *rotEnv) creds(t testing.TB, name string) (string, string, map[string]any) {
	t.Helper()
	resp := env.ok(t, logical.ReadOperation, "creds/"+name, nil)
	return resp.Data["access_key_id"].(string), resp.Data["secret_access_key"].(string), resp.Data
}

// rotatedWithGrace stores a key with a grace period and rotates it once,
// returning the user, the old (retiring) pair and the new key id.
func rotatedWithGrace(t *testing.T, name, grace string) (env *rotEnv, user, oldID, oldSecret, newID string) {
	t.Helper()
	env = newRotEnv(t)
	user, oldID, oldSecret = env.awsSecret(t, name, map[string]any{"grace_period": grace})
	env.ok(t, logical.UpdateOperation, "rotate/"+name, nil)
	newID, _, _ = env.creds(t, name)
	return env, user, oldID, oldSecret, newID
}

// credsPair reads creds/<name> without failing the test, for other goroutines.
func (env *rotEnv) credsPair() (string, string, error) {
	resp, err := env.do(logical.ReadOperation, "creds/hot", nil)
	if err != nil || resp == nil || resp.IsError() {
		return "", "", fmt.Errorf("reading creds/hot: %v %v", err, resp)
	}
	id, _ := resp.Data["access_key_id"].(string)
	secret, _ := resp.Data["secret_access_key"].(string)
	return id, secret, nil
}

func (env *rotEnv) read(t *testing.T, name string) map[string]any {
	t.Helper()
	return env.ok(t, logical.ReadOperation, "secrets/aws/"+name, nil).Data
}

// rollback runs Vault's periodic rollback request with "immediate", which
// rolls back every WAL entry whatever its age (and runs the periodic function).
func (env *rotEnv) rollback(t *testing.T) {
	t.Helper()
	_, err := env.do(logical.RollbackOperation, "", map[string]any{"immediate": true})
	require.NoError(t, err)
}

// doOn sends a request with its own storage view (a fault-injecting wrapper).
func (env *rotEnv) doOn(s logical.Storage, op logical.Operation, path string, data map[string]any) (*logical.Response, error) {
	return env.b.HandleRequest(context.Background(), &logical.Request{Operation: op, Path: path, Data: data, Storage: s})
}

func (env *rotEnv) periodic(t *testing.T) {
	t.Helper()
	require.NoError(t, env.b.periodic(context.Background(), &logical.Request{Storage: env.storage}))
}

func (env *rotEnv) wals(t *testing.T) []string {
	t.Helper()
	ids, err := framework.ListWAL(context.Background(), env.storage)
	require.NoError(t, err)
	return ids
}

// stsWorks proves a key pair with a real signed GetCallerIdentity at the fake.
func (env *rotEnv) stsWorks(t testing.TB, keyID, secret string) (string, error) {
	t.Helper()
	c := awsiam.New(awsiam.Settings{IAMEndpoint: env.url, STSEndpoint: env.url, MaxAttempts: 1}, awsiam.Key{ID: keyID, Secret: secret})
	return c.CallerIdentity(context.Background())
}

// failVersionPut makes the next write of secret/<name> fail, using the
// in-memory backend's FailPut for that one call only, so the write that stores
// a new version fails while the error can still be recorded afterwards.
type failVersionPut struct {
	*logical.InmemStorage
	mu    sync.Mutex
	key   string
	armed atomic.Bool
}

func (f *failVersionPut) Put(ctx context.Context, e *logical.StorageEntry) error {
	if e.Key == f.key && f.armed.CompareAndSwap(true, false) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.Underlying().FailPut(true)
		defer f.Underlying().FailPut(false)
	}
	return f.InmemStorage.Put(ctx, e)
}

// countingStorage counts reads of secret entries, and lists.
type countingStorage struct {
	logical.Storage
	secretGets atomic.Int64
	lists      atomic.Int64
}

func (c *countingStorage) List(ctx context.Context, prefix string) ([]string, error) {
	c.lists.Add(1)
	return c.Storage.List(ctx, prefix)
}

func (c *countingStorage) Get(ctx context.Context, key string) (*logical.StorageEntry, error) {
	if strings.HasPrefix(key, secretPrefix) {
		c.secretGets.Add(1)
	}
	return c.Storage.Get(ctx, key)
}
