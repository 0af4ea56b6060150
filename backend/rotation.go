package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
)

// iamAPI is what rotation needs from IAM and STS, signed with one access key.
// *awsiam.Client implements it; tests point that client at a protocol-level fake.
type iamAPI interface {
	GetUser(ctx context.Context) (awsiam.User, error)
	ListAccessKeys(ctx context.Context, user string) ([]awsiam.KeyInfo, error)
	CreateAccessKey(ctx context.Context, user string) (awsiam.Key, error)
	DeleteAccessKey(ctx context.Context, user, keyID string) error
	CallerIdentity(ctx context.Context) (string, error)
}

// rotationError is a rotation that stopped. Refused ones are the caller's to
// fix (a 400); the others are failures of AWS or storage (a 502).
type rotationError struct {
	step    string
	refused bool
	err     error
}

func (e *rotationError) Error() string { return e.step + ": " + e.err.Error() }
func (e *rotationError) Unwrap() error { return e.err }

func refuse(step, format string, args ...any) error {
	return &rotationError{step: step, refused: true, err: fmt.Errorf(format, args...)}
}

func failed(step string, err error) error {
	return &rotationError{step: step, err: explain(err)}
}

// verifyError is a new key that failed verification. It is never explained
// as a problem of the stored key, though it wraps STS's auth errors.
type verifyError struct{ error }

func (e verifyError) Unwrap() error { return e.error }

// explain adds what the user can do about the AWS errors that have a remedy.
func explain(err error) error {
	var ve verifyError
	switch {
	case errors.As(err, &ve):
		return err
	case awsiam.IsAuthFailure(err):
		return fmt.Errorf("AWS does not accept the stored access key (deleted, inactive or wrong secret): %w", err)
	case awsiam.Code(err) == awsiam.CodeAccessDenied:
		return fmt.Errorf("the key's user lacks a permission; it needs iam:GetUser, iam:ListAccessKeys, iam:CreateAccessKey and iam:DeleteAccessKey on its own user: %w", err)
	case awsiam.Code(err) == awsiam.CodeLimitExceeded:
		return fmt.Errorf("the user already has the two access keys IAM allows: %w", err)
	}
	return err
}

// awsSettings is where the clients of one secret go.
func (b *backend) awsSettings(cfg *mountConfig, region string) awsiam.Settings {
	return awsiam.Settings{IAMEndpoint: cfg.IAMEndpoint, STSEndpoint: cfg.STSEndpoint, Region: region, MaxAttempts: b.awsMaxAttempts}
}

func storedKey(e *secretEntry) awsiam.Key {
	return awsiam.Key{ID: e.Data[fieldKeyID], Secret: e.Data[fieldSecretKey]}
}

// rotateLocked replaces e's access key by a new, verified one (DESIGN's steps
// 1 to 7) and returns the stored new version. The caller holds the name's lock
// and read e under it. Whatever fails, the stored key keeps working: the old
// key is retired only after the new one is verified and stored.
func (b *backend) rotateLocked(ctx context.Context, s logical.Storage, e *secretEntry) (*secretEntry, []string, error) {
	if e.Data[fieldSessionToken] != "" {
		return nil, nil, refuse("check", "the secret holds temporary credentials (session_token), which cannot rotate: store an IAM user's long-term access key")
	}
	cfg, err := getConfig(ctx, s)
	if err != nil {
		return nil, nil, &rotationError{step: "config", err: err}
	}
	settings := b.awsSettings(cfg, e.Data[fieldRegion])
	oldKey := storedKey(e)
	oldClient := b.newClient(settings, oldKey)

	// 1. Whose key is it? Root keys are never to be used, let alone rotated.
	user, err := oldClient.GetUser(ctx)
	if err != nil {
		return nil, nil, failed("GetUser", err)
	}
	if strings.HasSuffix(user.ARN, ":root") {
		return nil, nil, refuse("GetUser", "the stored key belongs to the account root (%s): root credentials must not be used; store an IAM user's key", user.ARN)
	}

	// 2. Make room: IAM allows two keys per user.
	warnings, existing, err := b.makeRoom(ctx, oldClient, e, user.Name)
	if err != nil {
		return nil, nil, err
	}

	// 3. The WAL entry comes first, so that a crash after IAM made the key
	// but before it is stored leaves a record for the rollback to delete it.
	w := &walEntry{Name: e.Name, UserName: user.Name, Existing: existing, Created: b.now()}
	walID, err := framework.PutWAL(ctx, s, walKind, w)
	if err != nil {
		return nil, nil, &rotationError{step: "WAL", err: err}
	}
	newKey, err := oldClient.CreateAccessKey(ctx, user.Name)
	if err != nil {
		// An AWS error means no key was made. Without one (the answer was
		// lost), IAM may have made a key: find and delete it now, else the
		// WAL rollback will.
		if awsiam.Code(err) != "" || b.deleteUnstored(ctx, oldClient, e, w) == nil {
			_ = framework.DeleteWAL(ctx, s, walID)
		}
		return nil, nil, failed("CreateAccessKey", err)
	}
	// Replace the WAL entry by one naming the key, so a rollback deletes
	// exactly it rather than whatever key it cannot account for.
	w.KeyID = newKey.ID
	if id, err := framework.PutWAL(ctx, s, walKind, w); err == nil {
		_ = framework.DeleteWAL(ctx, s, walID)
		walID = id
	}
	undo := func(step string, cause error) error {
		// Clean up even if the request was cancelled (the client went away).
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if err := oldClient.DeleteAccessKey(ctx, user.Name, newKey.ID); err != nil {
			b.Logger().Warn("could not delete the unused new key; the WAL rollback will", "name", e.Name, "access_key_id", newKey.ID, "error", err)
			return &rotationError{step: step, err: fmt.Errorf("%w (the unused new key %s is left to the WAL rollback: %v)", explain(cause), newKey.ID, err)}
		}
		_ = framework.DeleteWAL(ctx, s, walID)
		return failed(step, cause)
	}

	// 4. Prove the new key works, as the same user, before anything depends on it.
	if err := b.verify(ctx, b.newClient(settings, newKey), user, cfg.VerifyTimeout); err != nil {
		return nil, nil, undo("verify", err)
	}

	// 5. Store it as the next version. The old key is listed as retiring in the
	// same write, so a crash after it still gets the old key deleted.
	now := b.now()
	next := e.clone()
	next.Data[fieldKeyID], next.Data[fieldSecretKey] = newKey.ID, newKey.Secret
	next.Version, next.Updated = e.Version+1, now
	st := next.rotation()
	st.KeySince, st.LastRotated, st.LastError, st.ErrorKey = now, now, "", ""
	st.Retiring = append(st.Retiring, retiringKey{AccessKeyID: oldKey.ID, UserName: user.Name, DeleteAfter: now.Add(e.seconds(fieldGrace))})
	next.plan()
	if err := putEntry(ctx, s, next, false, scheduleOf(e)); err != nil {
		return nil, nil, undo("store", err)
	}

	// 6. Retire the old key now unless a grace period keeps it for a while.
	if e.seconds(fieldGrace) == 0 {
		prev := scheduleOf(next)
		if warning := b.retireDue(ctx, oldClient, next, now); warning != "" {
			warnings = append(warnings, warning)
		}
		if err := putEntry(ctx, s, next, false, prev); err != nil {
			b.Logger().Warn("could not record the old key's deletion; the periodic function will", "name", e.Name, "error", err)
		}
	}

	// 7. The new key is stored: the WAL entry has done its job.
	if err := framework.DeleteWAL(ctx, s, walID); err != nil {
		b.Logger().Warn("could not delete the rotation's WAL entry; its rollback will find the key stored", "name", e.Name, "error", err)
	}
	return next, warnings, nil
}

// makeRoom checks the user's other keys: an old key of ours still in its grace
// period and an inactive key are deleted; an active key that is not ours stops
// the rotation. It returns the ids of the keys left, for the WAL entry.
func (b *backend) makeRoom(ctx context.Context, c iamAPI, e *secretEntry, user string) ([]string, []string, error) {
	keys, err := c.ListAccessKeys(ctx, user)
	if err != nil {
		return nil, nil, failed("ListAccessKeys", err)
	}
	var warnings, left []string
	for _, k := range keys {
		retiring := e.Rotation != nil && slicesIndex(e.Rotation.Retiring, k.ID) >= 0
		switch {
		case k.ID == e.Data[fieldKeyID]:
			left = append(left, k.ID)
			continue
		case !retiring && k.Active:
			return nil, nil, refuse("ListAccessKeys", "user %s has a second active access key, %s, that this secret does not hold; it may be in use elsewhere: delete or deactivate it, then rotate again", user, k.ID)
		}
		if err := c.DeleteAccessKey(ctx, user, k.ID); err != nil {
			return nil, nil, failed("DeleteAccessKey", err)
		}
		if retiring {
			e.Rotation.Retiring = removeRetiring(e.Rotation.Retiring, k.ID)
			warnings = append(warnings, fmt.Sprintf("deleted the previous key %s before its grace period ended, to make room for the new key", k.ID))
		} else {
			warnings = append(warnings, fmt.Sprintf("deleted the user's inactive access key %s, to make room for the new key", k.ID))
		}
	}
	return warnings, left, nil
}

// verify polls STS with the new key until it answers as the same user, or the
// timeout passes. New IAM keys take a few seconds to be accepted everywhere.
func (b *backend) verify(ctx context.Context, c iamAPI, user awsiam.User, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	wait := b.verifyInterval
	var last error
	for attempt := 1; ; attempt++ {
		arn, err := c.CallerIdentity(ctx)
		if err == nil {
			if !sameUser(arn, user.ARN) {
				return verifyError{fmt.Errorf("STS names the new key's owner %s, not the stored key's user %s", arn, user.ARN)}
			}
			return nil
		}
		if ctx.Err() == nil || last == nil {
			last = err
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return verifyError{fmt.Errorf("STS did not accept the new key within %s (%d attempts); last error: %w", timeout, attempt, last)}
		case <-timer.C:
		}
		wait = min(2*wait, maxVerifyInterval)
	}
}

// cleanupTimeout bounds deleting an unused new key after a failed rotation.
const cleanupTimeout = 30 * time.Second

// maxVerifyInterval caps the backoff between verification attempts.
const maxVerifyInterval = 5 * time.Second

// sameUser compares the ARN STS gives for the new key with the one IAM gave
// for the old. S3 gateways that emulate IAM may leave the account out of one
// of them, so an empty account matches any; the user path and name must agree.
func sameUser(a, b string) bool {
	if a == b {
		return true
	}
	acctA, resA, okA := splitARN(a)
	acctB, resB, okB := splitARN(b)
	return okA && okB && resA == resB && (acctA == acctB || acctA == "" || acctB == "")
}

// splitARN returns an IAM ARN's account and resource (user/path/name).
func splitARN(arn string) (account, resource string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || (parts[2] != "iam" && parts[2] != "sts") {
		return "", "", false
	}
	return parts[4], parts[5], true
}

func slicesIndex(rs []retiringKey, id string) int {
	for i, r := range rs {
		if r.AccessKeyID == id {
			return i
		}
	}
	return -1
}

func removeRetiring(rs []retiringKey, id string) []retiringKey {
	if i := slicesIndex(rs, id); i >= 0 {
		return append(rs[:i:i], rs[i+1:]...)
	}
	return rs
}

// isRefusal says whether err is a rotation the caller must fix.
func isRefusal(err error) bool {
	var re *rotationError
	return errors.As(err, &re) && re.refused
}
