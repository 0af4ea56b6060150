// Package backend is the Vault secrets engine: typed integration secrets
// described by the kinds registry, served masked under secrets/ and whole
// under creds/, with self-rotating AWS access keys.
package backend

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/helper/locksutil"
	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/awsiam"
)

// backend holds only what every request shares: the per-name locks, and
// the seams rotation tests replace (clock, verify interval, AWS client).
type backend struct {
	*framework.Backend
	// locks serialise writers of one name; different names never wait on each other.
	locks []*locksutil.LockEntry
	// lists bounds the LIST requests served at once (see listGate).
	lists listGate

	now func() time.Time
	// verifyInterval is the first wait between STS attempts on a new key; it doubles.
	verifyInterval time.Duration
	// awsMaxAttempts bounds the SDK's retries of one call (0: the SDK's default).
	awsMaxAttempts int
	newClient      func(awsiam.Settings, awsiam.Key) iamAPI
}

// Factory is the plugin's entry point, called by Vault for each mount.
func Factory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	b := newBackend()
	if err := b.Setup(ctx, conf); err != nil {
		return nil, err
	}
	return b, nil
}

func newBackend() *backend {
	b := &backend{
		locks:          locksutil.CreateLocks(),
		lists:          newListGate(),
		now:            func() time.Time { return time.Now().UTC().Truncate(time.Second) },
		verifyInterval: time.Second,
		newClient:      func(s awsiam.Settings, k awsiam.Key) iamAPI { return awsiam.New(s, k) },
	}
	b.Backend = &framework.Backend{
		Help:        strings.TrimSpace(backendHelp),
		BackendType: logical.TypeLogical,
		PathsSpecial: &logical.Paths{
			SealWrapStorage: []string{configPath, secretPrefix},
			// The WAL holds key ids only; it is local so that a performance
			// secondary never rolls back the primary's rotation.
			LocalStorage: []string{framework.WALPrefix},
		},
		Paths: framework.PathAppend(
			pathConfig(b),
			pathTypes(),
			pathSecrets(b),
			pathCreds(b),
			pathRotate(b),
		),
		PeriodicFunc:      b.periodic,
		WALRollback:       b.walRollback,
		WALRollbackMinAge: rollbackMinAge(),
	}
	return b
}

const backendHelp = `
The integrations secrets engine keeps the credentials an ML platform needs to
reach its integrations (cloud accounts, container registries, model hubs,
Kubernetes clusters), each kind with a typed, validated schema.

Write a secret at secrets/<kind>/<name>; read it back masked there. Workloads
read the usable credential, with ready-made renderings (dockerconfigjson,
kubeconfig, credentials_json), at creds/<name>. types/ describes every kind.
`
