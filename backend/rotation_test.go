package backend

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/iamfake"
)

func TestRotateReplacesTheKeyWithAVerifiedOne(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, oldID, oldSecret := env.awsSecret(t, "prod", nil)

	resp := env.ok(t, logical.UpdateOperation, "rotate/prod", nil)
	newID, newSecret, creds := env.creds(t, "prod")

	assert.NotEqual(t, oldID, newID)
	assert.Equal(t, newID, resp.Data["access_key_id"])
	assert.EqualValues(t, 2, resp.Data["version"])
	assert.NotContains(t, mustJSON(t, resp.Data), newSecret, "rotate/ must not return the secret")
	arn, err := env.stsWorks(t, newID, newSecret)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:iam::"+iamfake.AccountID+":user/"+user, arn)
	_, err = env.stsWorks(t, oldID, oldSecret)
	assert.Equal(t, awsiam.CodeInvalidToken, awsiam.Code(err), "the old key must be deleted")
	keys := env.fake.Keys(user)
	require.Len(t, keys, 1)
	assert.Equal(t, newID, keys[0].ID)
	assert.Empty(t, env.wals(t), "the WAL entry is deleted once the key is stored")
	assert.NotContains(t, creds, "ttl", "no schedule, so no ttl")

	data := env.read(t, "prod")
	assert.Equal(t, env.clock.Now().Format("2006-01-02T15:04:05Z"), data["last_rotated"])
	assert.Equal(t, "", data["next_rotation"])
	assert.Equal(t, "", data["last_rotation_error"])
	assert.Empty(t, data["retiring_access_keys"])
}

func TestRotateRefusals(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)

	t.Run("root credentials", func(t *testing.T) {
		id, secret := env.fake.CreateRootKey()
		env.ok(t, logical.CreateOperation, "secrets/aws/root", map[string]any{"access_key_id": id, "secret_access_key": secret})
		msg := env.badRotate(t, "root")
		assert.Contains(t, msg, ":root")
		assert.Len(t, env.fake.Keys(iamfake.RootUser), 1, "no key may be created for the root")
		assert.Contains(t, env.read(t, "root")["last_rotation_error"], "root")
	})
	t.Run("temporary credentials", func(t *testing.T) {
		before := env.fake.Calls("GetUser")
		env.ok(t, logical.CreateOperation, "secrets/aws/temp", map[string]any{
			"access_key_id": "ASIAIOSFODNN7EXAMPLE", "secret_access_key": "wJalrXUtnFEMI", "session_token": "FwoGZXIvYXdzE",
		})
		assert.Contains(t, env.badRotate(t, "temp"), "session_token")
		assert.Equal(t, before, env.fake.Calls("GetUser"), "refused before any AWS call")
	})
	t.Run("an active key that is not ours", func(t *testing.T) {
		user, id, secret := env.awsSecret(t, "shared", nil)
		other, _ := env.fake.AddKey(user, true)
		msg := env.badRotate(t, "shared")
		assert.Contains(t, msg, other, "the message names the foreign key")
		assert.Len(t, env.fake.Keys(user), 2, "the foreign key is left alone")
		gotID, gotSecret, _ := env.creds(t, "shared")
		assert.Equal(t, id, gotID)
		assert.Equal(t, secret, gotSecret)
		assert.Contains(t, env.read(t, "shared")["last_rotation_error"], other)
		assert.Empty(t, env.wals(t))
	})
	t.Run("a kind that cannot rotate", func(t *testing.T) {
		env.ok(t, logical.CreateOperation, "secrets/huggingface/hub", map[string]any{"token": "hf_abcdefghijklmnop"})
		assert.Contains(t, env.badRotate(t, "hub"), "cannot rotate")
	})
	t.Run("no such secret", func(t *testing.T) {
		assert.Contains(t, env.badRotate(t, "missing"), "no secret")
	})
}

// badRotate rotates a secret that must be refused with a 400 and returns the message.
func (env *rotEnv) badRotate(t *testing.T, name string) string {
	t.Helper()
	resp, err := env.do(logical.UpdateOperation, "rotate/"+name, nil)
	require.NoError(t, err, "a refusal is a 400, not an internal error")
	require.NotNil(t, resp)
	require.True(t, resp.IsError(), "want a refusal, got %v", resp.Data)
	return resp.Error().Error()
}

func TestRotateDeletesAnInactiveExtraKey(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, _, _ := env.awsSecret(t, "x", nil)
	inactive, _ := env.fake.AddKey(user, false)

	resp := env.ok(t, logical.UpdateOperation, "rotate/x", nil)
	assert.Contains(t, strings.Join(resp.Warnings, "\n"), inactive)
	newID, _, _ := env.creds(t, "x")
	keys := env.fake.Keys(user)
	require.Len(t, keys, 1)
	assert.Equal(t, newID, keys[0].ID)
}

func TestRotateWithinGraceReplacesTheRetiringKey(t *testing.T) {
	t.Parallel()
	env, user, first, firstSecret, second := rotatedWithGrace(t, "g", "1h")
	_, err := env.stsWorks(t, first, firstSecret)
	assert.NoError(t, err, "the old key stays valid for its grace period")
	assert.Len(t, env.fake.Keys(user), 2)

	// Both of the user's slots are taken: a second rotation must reclaim the
	// retiring key (it is ours) rather than fail on IAM's two-key limit.
	resp := env.ok(t, logical.UpdateOperation, "rotate/g", nil)
	assert.Contains(t, strings.Join(resp.Warnings, "\n"), first)
	third, _, _ := env.creds(t, "g")
	ids := []string{}
	for _, k := range env.fake.Keys(user) {
		ids = append(ids, k.ID)
	}
	assert.ElementsMatch(t, []string{second, third}, ids)
}

func TestRotateWaitsForANewKeyToPropagate(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	env.fake.SetNewKeyWarmup(5)
	user, _, _ := env.awsSecret(t, "slow", nil)

	env.ok(t, logical.UpdateOperation, "rotate/slow", nil)
	assert.Equal(t, 6, env.fake.Calls("GetCallerIdentity"), "five refusals, then success")
	id, secret, _ := env.creds(t, "slow")
	assert.True(t, env.fake.KeyWorks(id, secret))
	assert.Len(t, env.fake.Keys(user), 1)
}

// TestRotateFaultMatrix fails each step of a rotation in turn. Whatever
// fails, the stored key works, the error is recorded, and once the WAL
// rollback has run the user holds only the stored key.
func TestRotateFaultMatrix(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		arm  func(env *rotEnv, s *failVersionPut)
		want string // in the error and in last_rotation_error
		// orphan: the new key outlives the failed rotation until the rollback.
		orphan bool
	}{
		{"GetUser", func(env *rotEnv, _ *failVersionPut) { env.fake.FailAction("GetUser", 1, "") }, "GetUser", false},
		{"ListAccessKeys", func(env *rotEnv, _ *failVersionPut) { env.fake.FailAction("ListAccessKeys", 1, "") }, "ListAccessKeys", false},
		{"CreateAccessKey", func(env *rotEnv, _ *failVersionPut) { env.fake.FailAction("CreateAccessKey", 1, "") }, "CreateAccessKey", false},
		{"CreateAccessKey at the key limit", func(env *rotEnv, _ *failVersionPut) { env.fake.FailAction("CreateAccessKey", 1, "LimitExceeded") }, "two access keys", false},
		{"every verify attempt", func(env *rotEnv, _ *failVersionPut) {
			env.fake.FailAction("GetCallerIdentity", 0, "InvalidClientTokenId")
		}, "verify", false},
		{"verify, then deleting the unused key", func(env *rotEnv, _ *failVersionPut) {
			env.fake.FailAction("GetCallerIdentity", 0, "InvalidClientTokenId")
			env.fake.FailAction("DeleteAccessKey", 1, "")
		}, "WAL rollback", true},
		{"storing the new version", func(_ *rotEnv, s *failVersionPut) { s.armed.Store(true) }, "store", false},
		{"storing, then deleting the unused key", func(env *rotEnv, s *failVersionPut) {
			s.armed.Store(true)
			env.fake.FailAction("DeleteAccessKey", 1, "")
		}, "WAL rollback", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newRotEnv(t)
			user, id, secret := env.awsSecret(t, "f", nil)
			s := &failVersionPut{InmemStorage: env.storage, key: secretPrefix + "f"}
			tc.arm(env, s)

			resp, err := env.doOn(s, logical.UpdateOperation, "rotate/f", nil)
			require.Error(t, err, "an AWS or storage failure is not the caller's fault")
			var coded logical.HTTPCodedError
			require.ErrorAs(t, err, &coded)
			assert.Equal(t, http.StatusBadGateway, coded.Code())
			assert.Nil(t, resp)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), secret)
			env.fake.ClearFaults()

			gotID, gotSecret, _ := env.creds(t, "f")
			assert.Equal(t, id, gotID, "the old key stays stored")
			_, stsErr := env.stsWorks(t, gotID, gotSecret)
			assert.NoError(t, stsErr, "and keeps working")
			recorded := env.read(t, "f")["last_rotation_error"].(string)
			assert.Contains(t, recorded, tc.want)
			assert.NotContains(t, recorded, secret)

			if tc.orphan {
				assert.Len(t, env.fake.Keys(user), 2, "the unused key is left to the rollback")
				require.Len(t, env.wals(t), 1)
			}
			env.rollback(t)
			keys := env.fake.Keys(user)
			require.Len(t, keys, 1, "no orphan key once the rollback has run")
			assert.Equal(t, id, keys[0].ID)
			assert.Empty(t, env.wals(t))
		})
	}
}

func TestRotateWithStorageDown(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, id, _ := env.awsSecret(t, "down", nil)
	env.storage.Underlying().FailPut(true)
	_, err := env.do(logical.UpdateOperation, "rotate/down", nil)
	env.storage.Underlying().FailPut(false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WAL", "no key is created without a WAL entry")
	assert.Equal(t, 0, env.fake.Calls("CreateAccessKey"))
	gotID, _, _ := env.creds(t, "down")
	assert.Equal(t, id, gotID)
	assert.Len(t, env.fake.Keys(user), 1)
}

func TestRotateOldKeyDeletionFailure(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, oldID, _ := env.awsSecret(t, "r", nil)
	env.fake.FailAction("DeleteAccessKey", 1, "")

	resp := env.ok(t, logical.UpdateOperation, "rotate/r", nil)
	assert.Contains(t, strings.Join(resp.Warnings, "\n"), oldID)
	newID, newSecret, _ := env.creds(t, "r")
	assert.NotEqual(t, oldID, newID, "the new key is stored and verified: the rotation stands")
	assert.True(t, env.fake.KeyWorks(newID, newSecret))
	data := env.read(t, "r")
	assert.Contains(t, data["last_rotation_error"], oldID)
	assert.Len(t, env.fake.Keys(user), 2)

	// The periodic function retries the deletion once its retry delay is over.
	env.periodic(t)
	assert.Len(t, env.fake.Keys(user), 2, "not due yet")
	env.clock.Advance(retryDelay)
	env.periodic(t)
	keys := env.fake.Keys(user)
	require.Len(t, keys, 1)
	assert.Equal(t, newID, keys[0].ID)
	data = env.read(t, "r")
	assert.Equal(t, "", data["last_rotation_error"], "the error clears once the key is gone")
	assert.Empty(t, data["retiring_access_keys"])
}

// TestRotateUnderConcurrentReads rotates 50 times while readers loop on
// creds/. A key that no longer authenticates when checked must already have
// been replaced in storage: creds/ never hands out a key AWS has deleted
// while it is still the stored one.
func TestRotateUnderConcurrentReads(t *testing.T) {
	t.Parallel()
	for _, grace := range []string{"0", "1h"} {
		t.Run("grace "+grace, func(t *testing.T) {
			t.Parallel()
			env := newRotEnv(t)
			user, _, _ := env.awsSecret(t, "hot", map[string]any{"grace_period": grace})
			stop := make(chan struct{})
			errs := make(chan error, 10)
			var wg sync.WaitGroup
			reads := make([]int, 2)
			for r := range reads {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						// Let the rotation's HTTP round trips run between reads:
						// on two cores, spinning readers would starve them.
						runtime.Gosched()
						id, secret, err := env.credsPair()
						reads[r]++
						if err == nil && env.fake.KeyWorks(id, secret) {
							continue
						}
						if now, _, err2 := env.credsPair(); err != nil || err2 != nil || now == id {
							select {
							case errs <- fmt.Errorf("creds/ returned %s, which no longer authenticates, and still stores it (errors: %v, %v)", id, err, err2):
							default: // enough reported
							}
						}
					}
				})
			}
			for range 50 {
				env.ok(t, logical.UpdateOperation, "rotate/hot", nil)
			}
			close(stop)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			for r, n := range reads {
				assert.Positive(t, n, "reader %d never read", r)
			}
			id, secret, _ := env.creds(t, "hot")
			_, err := env.stsWorks(t, id, secret)
			assert.NoError(t, err)
			assert.LessOrEqual(t, len(env.fake.Keys(user)), 2)
			assert.EqualValues(t, 51, env.read(t, "hot")["version"])
		})
	}
}

// otherUserSTS answers GetCallerIdentity for new keys as another user, to
// show a key that works but belongs to someone else is never promoted.
type otherUserSTS struct {
	iamAPI
	fresh bool
}

func (o otherUserSTS) CallerIdentity(ctx context.Context) (string, error) {
	if o.fresh {
		return "arn:aws:iam::" + iamfake.AccountID + ":user/someone-else", nil
	}
	return o.iamAPI.CallerIdentity(ctx)
}

func TestRotateRefusesANewKeyOfAnotherUser(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, id, _ := env.awsSecret(t, "mixup", nil)
	real := env.b.newClient
	env.b.newClient = func(s awsiam.Settings, k awsiam.Key) iamAPI {
		return otherUserSTS{iamAPI: real(s, k), fresh: k.ID != id}
	}
	_, err := env.do(logical.UpdateOperation, "rotate/mixup", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "someone-else")
	gotID, _, _ := env.creds(t, "mixup")
	assert.Equal(t, id, gotID)
	assert.Len(t, env.fake.Keys(user), 1, "the unverified key is deleted")
}

func TestSameUser(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/alice", true},
		{"arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/bob", false},
		{"arn:aws:iam::123456789012:user/alice", "arn:aws:iam::210987654321:user/alice", false},
		{"arn:aws:iam::123456789012:user/team/alice", "arn:aws:iam::123456789012:user/alice", false},
		{"arn:aws:iam:::user/alice", "arn:aws:iam::000000000000:user/alice", true},
		{"arn:aws:sts::123456789012:assumed-role/r/alice", "arn:aws:iam::123456789012:user/alice", false},
		{"not an arn", "not an arn", true},
		{"", "arn:aws:iam::123456789012:user/alice", false},
	} {
		assert.Equal(t, tc.want, sameUser(tc.a, tc.b), "%s vs %s", tc.a, tc.b)
	}
}

func TestVerifyFailureBlamesTheNewKey(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	env.awsSecret(t, "blame", nil)
	env.fake.FailAction("GetCallerIdentity", 0, "InvalidClientTokenId")
	_, err := env.do(logical.UpdateOperation, "rotate/blame", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "did not accept the new key")
	assert.NotContains(t, err.Error(), "stored access key", "the stored key is fine")
}

// lossyIAM passes requests to the fake but, while armed, drops the
// connection after IAM has made a key and before the answer is sent: the
// plugin sees a transport error and cannot know the key exists.
type lossyIAM struct {
	*iamfake.Server
	armed atomic.Bool
}

func (l *lossyIAM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !strings.Contains(string(body), "Action=CreateAccessKey") || !l.armed.CompareAndSwap(true, false) {
		l.Server.ServeHTTP(w, r)
		return
	}
	l.Server.ServeHTTP(httptest.NewRecorder(), r)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestRotateWhenCreateAccessKeyAnswerIsLost(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	lossy := &lossyIAM{Server: env.fake}
	ts := httptest.NewServer(lossy)
	t.Cleanup(ts.Close)
	env.ok(t, logical.UpdateOperation, "config", map[string]any{"aws_iam_endpoint": ts.URL, "aws_sts_endpoint": ts.URL})
	user, id, _ := env.awsSecret(t, "lost", nil)

	lossy.armed.Store(true)
	_, err := env.do(logical.UpdateOperation, "rotate/lost", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CreateAccessKey")
	assert.Equal(t, 1, env.fake.Calls("CreateAccessKey"), "IAM made a key")
	keys := env.fake.Keys(user)
	require.Len(t, keys, 1, "the key whose answer was lost is found and deleted")
	assert.Equal(t, id, keys[0].ID)
	assert.Empty(t, env.wals(t))

	// And with the cleanup failing too, the WAL rollback deletes it later.
	lossy.armed.Store(true)
	env.fake.FailAction("ListAccessKeys", 2, "")
	_, err = env.do(logical.UpdateOperation, "rotate/lost", nil)
	require.Error(t, err)
	assert.Len(t, env.fake.Keys(user), 2)
	require.Len(t, env.wals(t), 1)
	env.rollback(t)
	keys = env.fake.Keys(user)
	require.Len(t, keys, 1)
	assert.Equal(t, id, keys[0].ID)
	env.ok(t, logical.UpdateOperation, "rotate/lost", nil)
}

func TestRotateCleansUpWhenTheRequestIsCancelled(t *testing.T) {
	t.Parallel()
	env := newRotEnv(t)
	user, id, _ := env.awsSecret(t, "gone", nil)
	env.fake.FailAction("GetCallerIdentity", 0, "InvalidClientTokenId")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// The client goes away while the new key is being verified.
		for env.fake.Calls("GetCallerIdentity") < 2 {
			runtime.Gosched()
		}
		cancel()
	}()
	_, err := env.b.HandleRequest(ctx, &logical.Request{Operation: logical.UpdateOperation, Path: "rotate/gone", Storage: env.storage})
	require.Error(t, err)
	keys := env.fake.Keys(user)
	require.Len(t, keys, 1, "the unverified key is deleted even so")
	assert.Equal(t, id, keys[0].ID)
}
