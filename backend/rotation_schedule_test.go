package backend

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/helper/consts"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (env *rotEnv) scheduleKeys(t *testing.T) []string {
	t.Helper()
	keys, err := env.storage.List(context.Background(), schedulePrefix)
	require.NoError(t, err)
	return keys
}

func (env *rotEnv) version(t *testing.T, name string) int {
	t.Helper()
	return int(env.read(t, name)["version"].(int))
}

func TestScheduledRotation(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, first, _ := env.awsSecret(t, "sched", map[string]any{"rotation_period": "1h"})
	start := env.clock.Now()

	data := env.read(t, "sched")
	assert.Equal(t, start.Add(time.Hour).Format(time.RFC3339), data["next_rotation"])
	assert.EqualValues(t, 3600, data["rotation_period"])
	_, _, creds := env.creds(t, "sched")
	assert.EqualValues(t, 3600, creds["ttl"], "Vault Agent re-renders after ttl seconds")
	assert.EqualValues(t, 3600, creds["rotation_period"])

	env.clock.Advance(time.Hour - time.Second)
	env.periodic(t)
	assert.Equal(t, 1, env.version(t, "sched"), "not due yet")
	_, _, creds = env.creds(t, "sched")
	assert.EqualValues(t, 1, creds["ttl"])

	env.clock.Advance(time.Second)
	env.periodic(t)
	assert.Equal(t, 2, env.version(t, "sched"))
	id, secret, creds := env.creds(t, "sched")
	assert.NotEqual(t, first, id)
	assert.True(t, env.fake.KeyWorks(id, secret))
	assert.Len(t, env.fake.Keys(user), 1)
	assert.EqualValues(t, 3600, creds["ttl"])
	data = env.read(t, "sched")
	assert.Equal(t, env.clock.Now().Format(time.RFC3339), data["last_rotated"])
	assert.Equal(t, env.clock.Now().Add(time.Hour).Format(time.RFC3339), data["next_rotation"])
	assert.Len(t, env.scheduleKeys(t), 1)
}

func TestScheduleSurvivesARestart(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	_, first, _ := env.awsSecret(t, "durable", map[string]any{"rotation_period": "10m"})
	env.restart(t) // a new plugin process, or a new active node, on the same storage
	env.clock.Advance(10 * time.Minute)
	env.periodic(t)
	id, _, _ := env.creds(t, "durable")
	assert.NotEqual(t, first, id)
	assert.Equal(t, 2, env.version(t, "durable"))
}

func TestPeriodicOnlyActsWhereWritesAreSafe(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	_, first, _ := env.awsSecret(t, "standby", map[string]any{"rotation_period": "1m"})
	sys := env.b.System().(*logical.StaticSystemView)
	sys.ReplicationStateVal = consts.ReplicationPerformanceStandby
	env.clock.Advance(time.Hour)
	env.periodic(t)
	id, _, _ := env.creds(t, "standby")
	assert.Equal(t, first, id, "a performance standby must not rotate")
	assert.Equal(t, 0, env.fake.Calls("GetUser"))

	sys.ReplicationStateVal = 0
	env.periodic(t)
	id, _, _ = env.creds(t, "standby")
	assert.NotEqual(t, first, id)
}

func TestGracePeriodThenPeriodicDeletion(t *testing.T) {
	t.Parallel()
	env, user, oldID, oldSecret, newID := rotatedWithGrace(t, "grace", "5m")

	retiring := env.read(t, "grace")["retiring_access_keys"].([]map[string]any)
	require.Len(t, retiring, 1)
	assert.Equal(t, oldID, retiring[0]["access_key_id"])
	assert.Equal(t, env.clock.Now().Add(5*time.Minute).Format(time.RFC3339), retiring[0]["delete_after"])
	assert.Len(t, env.scheduleKeys(t), 1, "the deletion is scheduled though rotation is not")

	env.clock.Advance(5*time.Minute - time.Second)
	env.periodic(t)
	_, err := env.stsWorks(t, oldID, oldSecret)
	assert.NoError(t, err, "still inside the grace period")

	env.clock.Advance(time.Second)
	env.periodic(t)
	keys := env.fake.Keys(user)
	require.Len(t, keys, 1)
	assert.Equal(t, newID, keys[0].ID)
	assert.Empty(t, env.read(t, "grace")["retiring_access_keys"])
	assert.Empty(t, env.scheduleKeys(t), "nothing left to do")
}

func TestScheduleFollowsWritesPatchesAndDeletes(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	env.awsSecret(t, "idx", map[string]any{"rotation_period": "2h"})
	require.Len(t, env.scheduleKeys(t), 1)

	env.ok(t, logical.PatchOperation, "secrets/aws/idx", map[string]any{"rotation_period": 0})
	assert.Empty(t, env.scheduleKeys(t), "on demand only: nothing scheduled")
	assert.Equal(t, "", env.read(t, "idx")["next_rotation"])

	env.clock.Advance(time.Minute)
	env.ok(t, logical.PatchOperation, "secrets/aws/idx", map[string]any{"rotation_period": "1h"})
	keys := env.scheduleKeys(t)
	require.Len(t, keys, 1)
	due, name, ok := parseScheduleKey(keys[0])
	require.True(t, ok)
	assert.Equal(t, "idx", name)
	// The same key keeps its age: the period counts from when it was stored.
	assert.Equal(t, env.clock.Now().Add(time.Hour-time.Minute).Unix(), due.Unix())

	env.ok(t, logical.DeleteOperation, "secrets/aws/idx", nil)
	assert.Empty(t, env.scheduleKeys(t))
}

// TestPeriodicReadsOnlyDueSecrets proves that finding due work is one list:
// of many scheduled secrets, only the due one is read.
func TestPeriodicReadsOnlyDueSecrets(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	for i := range 20 {
		env.awsSecret(t, fmt.Sprintf("later%d", i), map[string]any{"rotation_period": "24h"})
	}
	env.awsSecret(t, "soon", map[string]any{"rotation_period": "1m"})
	env.clock.Advance(time.Minute)

	counting := &countingStorage{Storage: env.storage}
	require.NoError(t, env.b.periodic(context.Background(), &logical.Request{Storage: counting}))
	assert.EqualValues(t, 1, counting.secretGets.Load())
	assert.Equal(t, 2, env.version(t, "soon"))
	assert.Equal(t, 1, env.version(t, "later0"))
}

func TestScheduledRotationFailureRetries(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	_, first, _ := env.awsSecret(t, "flaky", map[string]any{"rotation_period": "1h"})
	env.clock.Advance(time.Hour)
	env.fake.FailAction("CreateAccessKey", 1, "")
	env.periodic(t)

	data := env.read(t, "flaky")
	assert.Contains(t, data["last_rotation_error"], "CreateAccessKey")
	assert.Equal(t, env.clock.Now().Add(retryDelay).Format(time.RFC3339), data["next_rotation"])
	id, _, _ := env.creds(t, "flaky")
	assert.Equal(t, first, id)

	env.clock.Advance(retryDelay)
	env.periodic(t)
	id, _, _ = env.creds(t, "flaky")
	assert.NotEqual(t, first, id)
	assert.Equal(t, "", env.read(t, "flaky")["last_rotation_error"])
}

// TestWALRollbackAfterACrash stands in for a plugin that stopped between
// CreateAccessKey and storing the key: a WAL entry and an extra key are left.
func TestWALRollbackAfterACrash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("key id known", func(t *testing.T) {
		env := newRotEnv(t)
		user, stored, _ := env.awsSecret(t, "crash", nil)
		orphan, _ := env.fake.AddKey(user, true)
		_, err := framework.PutWAL(ctx, env.storage, walKind, &walEntry{Name: "crash", UserName: user, KeyID: orphan, Existing: []string{stored}, Created: env.clock.Now()})
		require.NoError(t, err)

		_, err = env.do(logical.RollbackOperation, "", nil)
		require.NoError(t, err)
		assert.Len(t, env.fake.Keys(user), 2, "a young entry is not rolled back: its rotation may still be running")

		env.rollback(t)
		keys := env.fake.Keys(user)
		require.Len(t, keys, 1)
		assert.Equal(t, stored, keys[0].ID)
		assert.Empty(t, env.wals(t))
	})
	t.Run("key id unknown", func(t *testing.T) {
		env := newRotEnv(t)
		user, stored, _ := env.awsSecret(t, "crash", nil)
		_, err := framework.PutWAL(ctx, env.storage, walKind, &walEntry{Name: "crash", UserName: user, Existing: []string{stored}, Created: env.clock.Now()})
		require.NoError(t, err)
		env.fake.AddKey(user, true)
		env.rollback(t)
		keys := env.fake.Keys(user)
		require.Len(t, keys, 1)
		assert.Equal(t, stored, keys[0].ID)
	})
	t.Run("never the stored or a retiring key", func(t *testing.T) {
		env, user, first, _, stored := rotatedWithGrace(t, "crash", "1h")
		for _, id := range []string{stored, first} {
			_, err := framework.PutWAL(ctx, env.storage, walKind, &walEntry{Name: "crash", UserName: user, KeyID: id, Created: env.clock.Now()})
			require.NoError(t, err)
		}
		_, err := framework.PutWAL(ctx, env.storage, walKind, &walEntry{Name: "crash", UserName: user, Created: env.clock.Now()})
		require.NoError(t, err)
		env.rollback(t)
		assert.Len(t, env.fake.Keys(user), 2)
		assert.Empty(t, env.wals(t))
	})
}

func TestWALMinAge(t *testing.T) {
	assert.Equal(t, 15*time.Minute, rollbackMinAge())
	old := walMinAge
	t.Cleanup(func() { walMinAge = old })
	walMinAge = "2s"
	assert.Equal(t, 2*time.Second, rollbackMinAge())
}

func TestRotateOnAStandbyIsForwarded(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	env.awsSecret(t, "fwd", nil)
	env.b.System().(*logical.StaticSystemView).ReplicationStateVal = consts.ReplicationPerformanceStandby
	_, err := env.do(logical.UpdateOperation, "rotate/fwd", nil)
	assert.ErrorIs(t, err, logical.ErrReadOnly, "Vault forwards ErrReadOnly writes to the active node")
	assert.Equal(t, 0, env.fake.Calls("GetUser"))
}
