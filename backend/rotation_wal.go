package backend

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

// walKind names the WAL entries a rotation writes before CreateAccessKey.
const walKind = "aws-access-key"

// walEntry records a rotation between CreateAccessKey and storing the new
// key. It holds key ids, never a secret: the WAL is local, unsealed storage.
type walEntry struct {
	Name     string `json:"name"`
	UserName string `json:"user_name"`
	// KeyID is the created key, once IAM has answered.
	KeyID string `json:"access_key_id,omitempty"`
	// Existing are the user's keys before CreateAccessKey: without KeyID, a
	// key not among them, not stored and not retiring is the one created.
	Existing []string  `json:"existing,omitempty"`
	Created  time.Time `json:"created"`
}

// walMinAge is how old a WAL entry must be before Vault rolls it back. It
// must exceed the longest rotation (rotation_verify_timeout is at most 10m);
// tests shorten it with -ldflags "-X ...backend.walMinAge=1s" or by setting
// the backend's WALRollbackMinAge.
var walMinAge = "15m"

// walMaxAge is when a rollback that keeps failing gives up, logging the key
// id to delete by hand.
const walMaxAge = 24 * time.Hour

func rollbackMinAge() time.Duration {
	d, err := time.ParseDuration(walMinAge)
	if err != nil || d <= 0 {
		return 15 * time.Minute
	}
	return d
}

// walRollback deletes a key that a rotation created but never stored: the
// plugin stopped between CreateAccessKey and the store, or could not delete
// the unused key itself. It never deletes the stored key nor a retiring one.
func (b *backend) walRollback(ctx context.Context, req *logical.Request, kind string, data any) error {
	if kind != walKind {
		return nil
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	var w walEntry
	if err := json.Unmarshal(raw, &w); err != nil {
		return fmt.Errorf("decoding WAL entry: %w", err)
	}
	if err := b.rollbackKey(ctx, req.Storage, &w); err != nil {
		if b.now().Sub(w.Created) > walMaxAge {
			b.Logger().Error("giving up deleting an unused access key; delete it by hand", "name", w.Name, "user", w.UserName, "access_key_id", w.KeyID, "error", err)
			return nil
		}
		return err
	}
	return nil
}

func (b *backend) rollbackKey(ctx context.Context, s logical.Storage, w *walEntry) error {
	lock := b.lockFor(w.Name)
	lock.Lock()
	defer lock.Unlock()

	e, err := getSecret(ctx, s, w.Name)
	if err != nil {
		return err
	}
	if e == nil || e.Data[fieldKeyID] == "" {
		b.Logger().Warn("secret deleted: cannot delete an unused access key; delete it by hand", "name", w.Name, "user", w.UserName, "access_key_id", w.KeyID)
		return nil
	}
	cfg, err := getConfig(ctx, s)
	if err != nil {
		return err
	}
	return b.deleteUnstored(ctx, b.newClient(b.awsSettings(cfg, e.Data[fieldRegion]), storedKey(e)), e, w)
}

// deleteUnstored deletes the key w records (or, without its id, any key of
// the user that is neither in w.Existing, stored nor retiring) with client.
// The caller holds the name's lock and read e under it.
func (b *backend) deleteUnstored(ctx context.Context, client iamAPI, e *secretEntry, w *walEntry) error {
	ours := func(id string) bool {
		return id == e.Data[fieldKeyID] || (e.Rotation != nil && slicesIndex(e.Rotation.Retiring, id) >= 0)
	}
	if w.KeyID != "" {
		if ours(w.KeyID) {
			return nil // stored: the rotation got that far
		}
		b.Logger().Info("deleting an access key a rotation created but never stored", "name", w.Name, "access_key_id", w.KeyID)
		return client.DeleteAccessKey(ctx, w.UserName, w.KeyID)
	}
	// The plugin stopped before it learnt the new key's id: find it.
	keys, err := client.ListAccessKeys(ctx, w.UserName)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if ours(k.ID) || slices.Contains(w.Existing, k.ID) {
			continue
		}
		b.Logger().Info("deleting an access key a rotation created but never stored", "name", w.Name, "access_key_id", k.ID)
		if err := client.DeleteAccessKey(ctx, w.UserName, k.ID); err != nil {
			return err
		}
	}
	return nil
}
