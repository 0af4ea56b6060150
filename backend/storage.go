package backend

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// Storage layout:
//
//	secret/<name>        the secret (one read serves creds/<name>)
//	kind/<kind>/<name>   an empty marker, so listing a kind is one storage list
//	schedule/<due>.<name> an empty marker per secret with rotation work due then
//	config               mount settings
//
// Names are unique across kinds because secrets are keyed by name alone.
const (
	secretPrefix = "secret/"
	indexPrefix  = "kind/"
)

// formatVersion is written into every entry so that later releases can
// upgrade old entries on read.
const formatVersion = 1

// secretEntry is the stored envelope of one secret.
type secretEntry struct {
	FormatVersion int          `json:"format_version"`
	Name          string       `json:"name"`
	Kind          string       `json:"kind"`
	Version       int          `json:"version"`
	Created       time.Time    `json:"created_time"`
	Updated       time.Time    `json:"updated_time"`
	Data          kinds.Values `json:"data"`
	// Rotation is the bookkeeping of kinds that rotate (nil for the others).
	Rotation *rotationState `json:"rotation,omitempty"`
}

var nameRe = regexp.MustCompile(`^\w([\w.-]{0,126}\w)?$`)

// checkName refuses names that are not Vault's usual name syntax.
func checkName(name string) error {
	if !nameRe.MatchString(name) {
		return fmt.Errorf(`field "name": must be 1 to 128 letters, digits, '_', '-' or '.', starting and ending with a letter, digit or '_'`)
	}
	return nil
}

func getSecret(ctx context.Context, s logical.Storage, name string) (*secretEntry, error) {
	raw, err := s.Get(ctx, secretPrefix+name)
	if err != nil {
		return nil, fmt.Errorf("reading secret %q: %w", name, err)
	}
	if raw == nil {
		return nil, nil
	}
	// json.Unmarshal, not raw.DecodeJSON: entries are written uncompressed
	// (logical.StorageEntryJSON) and hold only strings, so the decoder's
	// decompression check and number handling buy nothing, and its read
	// buffer was the largest allocation of a creds/ read.
	var e secretEntry
	if err := json.Unmarshal(raw.Value, &e); err != nil {
		return nil, fmt.Errorf("decoding secret %q: %w", name, err)
	}
	if e.FormatVersion > formatVersion {
		return nil, fmt.Errorf("secret %q has format %d, newer than this plugin's %d: upgrade the plugin", name, e.FormatVersion, formatVersion)
	}
	return &e, nil
}

// putSecret stores an entry. A new name also gets its kind marker, written
// first: if the entry's write then fails, the marker is removed again so a
// failed write leaves nothing behind.
func putSecret(ctx context.Context, s logical.Storage, e *secretEntry, isNew bool) error {
	e.FormatVersion = formatVersion
	entry, err := logical.StorageEntryJSON(secretPrefix+e.Name, e)
	if err != nil {
		return fmt.Errorf("encoding secret %q: %w", e.Name, err)
	}
	marker := indexPrefix + e.Kind + "/" + e.Name
	if isNew {
		if err := s.Put(ctx, &logical.StorageEntry{Key: marker}); err != nil {
			return fmt.Errorf("indexing secret %q: %w", e.Name, err)
		}
	}
	if err := s.Put(ctx, entry); err != nil {
		if isNew {
			_ = s.Delete(ctx, marker)
		}
		return fmt.Errorf("storing secret %q: %w", e.Name, err)
	}
	return nil
}

// deleteSecret removes the entry first, then its kind marker. The marker is
// removed even when the entry is already gone, so repeating a delete that
// failed between the two steps heals the index.
func deleteSecret(ctx context.Context, s logical.Storage, kind, name string) error {
	if err := s.Delete(ctx, secretPrefix+name); err != nil {
		return fmt.Errorf("deleting secret %q: %w", name, err)
	}
	if err := s.Delete(ctx, indexPrefix+kind+"/"+name); err != nil {
		return fmt.Errorf("unindexing secret %q: %w", name, err)
	}
	return nil
}
