package backend

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

// retryDelay is how long a failed scheduled rotation or old-key deletion
// waits before the periodic function tries it again.
const retryDelay = 5 * time.Minute

// periodic runs scheduled rotations and deletes old keys whose grace period
// is over. Vault calls it about once a minute on every node; only the node
// that may write (the active node, not a performance standby or secondary)
// acts. What is due is found with one list of schedule/, and only due
// entries are read.
func (b *backend) periodic(ctx context.Context, req *logical.Request) error {
	if !b.WriteSafeReplicationState() {
		return nil
	}
	keys, err := req.Storage.List(ctx, schedulePrefix)
	if err != nil {
		return fmt.Errorf("listing the rotation schedule: %w", err)
	}
	now := b.now()
	for _, k := range keys {
		due, name, ok := parseScheduleKey(k)
		if !ok {
			_ = req.Storage.Delete(ctx, schedulePrefix+k)
			continue
		}
		if due.After(now) {
			continue
		}
		if ctx.Err() != nil {
			return nil // shutting down; what is left is still due next time
		}
		if err := b.runDue(ctx, req.Storage, schedulePrefix+k, name, now); err != nil {
			b.Logger().Error("scheduled rotation work failed", "name", name, "error", err)
		}
	}
	return nil
}

// runDue does the work one due schedule key points at, under the name's lock.
func (b *backend) runDue(ctx context.Context, s logical.Storage, key, name string, now time.Time) error {
	lock := b.lockFor(name)
	lock.Lock()
	defer lock.Unlock()

	e, err := getSecret(ctx, s, name)
	if err != nil {
		return err
	}
	if e == nil || e.Rotation == nil || e.Rotation.Schedule != key {
		// Deleted, rewritten or rescheduled since: the key is stale.
		return s.Delete(ctx, key)
	}
	prev := e.Rotation.Schedule
	cfg, err := getConfig(ctx, s)
	if err != nil {
		return err
	}
	client := b.newClient(b.awsSettings(cfg, e.Data[fieldRegion]), storedKey(e))
	// Old keys first: deleting one frees the slot the new key needs.
	b.retireDue(ctx, client, e, now)
	if st := e.Rotation; !st.NextRotation.IsZero() && !st.NextRotation.After(now) {
		if _, _, err := b.rotateLocked(ctx, s, e); err != nil {
			b.Logger().Warn("scheduled rotation failed; will retry", "name", name, "retry_in", retryDelay.String(), "error", err)
			e.Rotation.NextRotation = now.Add(min(retryDelay, e.seconds(fieldPeriod)))
			return b.recordFailure(ctx, s, e, prev, err)
		}
		b.Logger().Info("rotated access key on schedule", "name", name)
		return nil
	}
	return putEntry(ctx, s, e, false, prev)
}

// retireDue deletes the entry's old keys whose grace period is over, signed
// by c, and drops them from the entry (which the caller stores). A key that
// cannot be deleted stays listed, retried after retryDelay, and its error is
// recorded; the returned warning says so.
func (b *backend) retireDue(ctx context.Context, c iamAPI, e *secretEntry, now time.Time) string {
	st := e.rotation()
	var warning string
	kept := st.Retiring[:0]
	for _, r := range st.Retiring {
		switch {
		case r.AccessKeyID == e.Data[fieldKeyID]:
			// Written back as the current key since: it is no longer ours to delete.
			continue
		case r.DeleteAfter.After(now):
			kept = append(kept, r)
			continue
		}
		if err := c.DeleteAccessKey(ctx, r.UserName, r.AccessKeyID); err != nil {
			b.Logger().Warn("could not delete old access key; will retry", "name", e.Name, "access_key_id", r.AccessKeyID, "error", err)
			st.LastError = fmt.Sprintf("retire: deleting the old key %s: %v", r.AccessKeyID, explain(err))
			st.ErrorKey = r.AccessKeyID
			warning = "the old key is still valid: " + st.LastError + "; the periodic function retries"
			r.DeleteAfter = now.Add(retryDelay)
			kept = append(kept, r)
			continue
		}
		if st.ErrorKey == r.AccessKeyID {
			st.LastError, st.ErrorKey = "", ""
		}
	}
	st.Retiring = kept
	return warning
}

// recordFailure stores the error of a failed rotation in the entry (as
// last_rotation_error) without touching its key.
func (b *backend) recordFailure(ctx context.Context, s logical.Storage, e *secretEntry, prevSchedule string, cause error) error {
	st := e.rotation()
	st.LastError, st.ErrorKey = cause.Error(), ""
	if err := putEntry(ctx, s, e, false, prevSchedule); err != nil {
		b.Logger().Error("could not record the rotation error", "name", e.Name, "error", err)
		return err
	}
	return nil
}
