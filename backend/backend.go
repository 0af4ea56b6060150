// Package backend is the Vault secrets engine: typed integration secrets
// described by the kinds registry, served masked under secrets/ and whole
// under creds/, with self-rotating AWS access keys.
package backend

import (
	"context"
	"strings"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/helper/locksutil"
	"github.com/hashicorp/vault/sdk/logical"
)

// backend holds only what every request shares: the per-name locks.
type backend struct {
	*framework.Backend
	// locks serialise writers of one name; different names never wait on each other.
	locks []*locksutil.LockEntry
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
	b := &backend{locks: locksutil.CreateLocks()}
	b.Backend = &framework.Backend{
		Help:        strings.TrimSpace(backendHelp),
		BackendType: logical.TypeLogical,
		PathsSpecial: &logical.Paths{
			SealWrapStorage: []string{configPath, secretPrefix},
			LocalStorage:    []string{framework.WALPrefix},
		},
		Paths: framework.PathAppend(
			pathConfig(b),
			pathTypes(),
			pathSecrets(b),
			pathCreds(b),
			pathRotate(b),
		),
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
