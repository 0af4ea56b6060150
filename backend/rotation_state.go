package backend

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// The fields of a rotating kind that rotation reads and writes. A kind marked
// Rotates holds an AWS-style access key pair under these names.
const (
	fieldKeyID        = "access_key_id"
	fieldSecretKey    = "secret_access_key"
	fieldSessionToken = "session_token"
	fieldRegion       = "region"
	fieldPeriod       = "rotation_period"
	fieldGrace        = "grace_period"
)

// schedulePrefix indexes the next due time of every secret with pending
// rotation work (a scheduled rotation or an old key to delete), as
// schedule/<unix seconds, 12 digits>.<name>: the periodic function finds what is
// due with one storage list and reads only those entries.
const schedulePrefix = "schedule/"

// rotationState is the rotation bookkeeping kept in a rotating secret's entry,
// so that creds/ stays one storage read and nothing lives only in memory.
type rotationState struct {
	// KeySince is when the stored key was put in place (by rotation or a write);
	// the next scheduled rotation is KeySince + rotation_period.
	KeySince     time.Time `json:"key_since,omitzero"`
	LastRotated  time.Time `json:"last_rotated,omitzero"`
	NextRotation time.Time `json:"next_rotation,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	// ErrorKey is the old key LastError is about, when deleting it failed:
	// the error clears once that key is deleted.
	ErrorKey string `json:"error_key,omitempty"`
	// Retiring are old keys left valid for grace_period, deleted when due.
	Retiring []retiringKey `json:"retiring,omitempty"`
	// Schedule is the schedule/ key that points at this entry, if any.
	Schedule string `json:"schedule,omitempty"`
}

type retiringKey struct {
	AccessKeyID string    `json:"access_key_id"`
	UserName    string    `json:"user_name,omitempty"`
	DeleteAfter time.Time `json:"delete_after"`
}

// clone copies an entry deeply enough to change its data and rotation state.
func (e *secretEntry) clone() *secretEntry {
	c := *e
	c.Data = maps.Clone(e.Data)
	if e.Rotation != nil {
		r := *e.Rotation
		r.Retiring = slices.Clone(e.Rotation.Retiring)
		c.Rotation = &r
	}
	return &c
}

// rotation returns the entry's rotation state, creating it when absent.
func (e *secretEntry) rotation() *rotationState {
	if e.Rotation == nil {
		e.Rotation = &rotationState{}
	}
	return e.Rotation
}

func (e *secretEntry) seconds(field string) time.Duration {
	n, _ := strconv.ParseInt(e.Data[field], 10, 64)
	return time.Duration(n) * time.Second
}

// plan sets NextRotation from KeySince and the period (zero: on demand only).
func (e *secretEntry) plan() {
	st := e.rotation()
	st.NextRotation = time.Time{}
	if p := e.seconds(fieldPeriod); p > 0 {
		st.NextRotation = st.KeySince.Add(p)
	}
}

// dueAt is when the entry next needs the periodic function: its scheduled
// rotation or the earliest old-key deletion, whichever comes first.
func (e *secretEntry) dueAt() time.Time {
	if e.Rotation == nil {
		return time.Time{}
	}
	due := e.Rotation.NextRotation
	for _, r := range e.Rotation.Retiring {
		if due.IsZero() || r.DeleteAfter.Before(due) {
			due = r.DeleteAfter
		}
	}
	return due
}

// scheduleKey is the schedule/ key for the entry's due time ("" if none).
// The time is rounded up, so a key that is due means the work is due.
func (e *secretEntry) scheduleKey() string {
	due := e.dueAt()
	if due.IsZero() {
		return ""
	}
	sec := due.Unix()
	if due.After(time.Unix(sec, 0)) {
		sec++
	}
	return fmt.Sprintf("%s%012d.%s", schedulePrefix, sec, e.Name)
}

// parseScheduleKey splits a key listed under schedule/ into due time and name.
func parseScheduleKey(k string) (time.Time, string, bool) {
	if len(k) < 14 || k[12] != '.' {
		return time.Time{}, "", false
	}
	sec, err := strconv.ParseInt(k[:12], 10, 64)
	if err != nil {
		return time.Time{}, "", false
	}
	return time.Unix(sec, 0), k[13:], true
}

// carryRotation sets the rotation state of a rotating kind's entry that a
// write is about to replace: a new key starts its period now, the same key
// keeps its schedule, and old keys still in their grace period stay listed.
func carryRotation(e, old *secretEntry, now time.Time) {
	st := &rotationState{KeySince: now}
	if old != nil {
		if old.Rotation != nil {
			st = old.clone().Rotation
		} else {
			st.KeySince = old.Updated
		}
		if old.Data[fieldKeyID] != e.Data[fieldKeyID] || st.KeySince.IsZero() {
			st.KeySince, st.LastError = now, ""
		}
	}
	e.Rotation = st
	e.plan()
}

// putEntry stores e and moves its schedule/ key from prevSchedule to the one
// its due time asks for. The new key is written first, so a crash leaves at
// worst a stale key, which the periodic function drops; never a due secret
// without one.
func putEntry(ctx context.Context, s logical.Storage, e *secretEntry, isNew bool, prevSchedule string) error {
	key := e.scheduleKey()
	if e.Rotation != nil {
		e.Rotation.Schedule = key
	}
	if key != "" && key != prevSchedule {
		if err := s.Put(ctx, &logical.StorageEntry{Key: key}); err != nil {
			return fmt.Errorf("scheduling secret %q: %w", e.Name, err)
		}
	}
	if err := putSecret(ctx, s, e, isNew); err != nil {
		if key != "" && key != prevSchedule {
			_ = s.Delete(ctx, key)
		}
		return err
	}
	if prevSchedule != "" && prevSchedule != key {
		// A failure here leaves a stale key, dropped by the periodic function.
		_ = s.Delete(ctx, prevSchedule)
	}
	return nil
}

// scheduleOf returns the schedule/ key an entry holds ("" for none or nil).
func scheduleOf(e *secretEntry) string {
	if e == nil || e.Rotation == nil {
		return ""
	}
	return e.Rotation.Schedule
}

// rotationFields are what a secrets/ read of a rotating kind shows about rotation.
func rotationFields(e *secretEntry) map[string]any {
	st := e.Rotation
	if st == nil {
		st = &rotationState{}
	}
	retiring := make([]map[string]any, 0, len(st.Retiring))
	for _, r := range st.Retiring {
		retiring = append(retiring, map[string]any{"access_key_id": r.AccessKeyID, "delete_after": r.DeleteAfter.Format(time.RFC3339)})
	}
	return map[string]any{
		"rotation_period":      int64(e.seconds(fieldPeriod).Seconds()),
		"grace_period":         int64(e.seconds(fieldGrace).Seconds()),
		"last_rotated":         formatTime(st.LastRotated),
		"next_rotation":        formatTime(st.NextRotation),
		"last_rotation_error":  st.LastError,
		"retiring_access_keys": retiring,
	}
}

// addRotationHints adds ttl (seconds to the next rotation) and rotation_period
// to a creds/ response of a secret on a schedule. Vault Agent (consul-template)
// reads exactly these two: with rotation_period present and no lease it sleeps
// ttl+1 seconds, then renders again, right after the rotation.
func addRotationHints(data map[string]any, e *secretEntry, k *kinds.Kind, now time.Time) {
	if !k.Rotates || e.Rotation == nil || e.Rotation.NextRotation.IsZero() {
		return
	}
	ttl := int64(e.Rotation.NextRotation.Sub(now).Seconds())
	data["ttl"] = max(ttl, 0)
	data["rotation_period"] = int64(e.seconds(fieldPeriod).Seconds())
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
