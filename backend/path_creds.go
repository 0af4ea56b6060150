package backend

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// pathCreds serves the usable credential: creds/<name> with every field flat
// (so an Agent template reads {{ .Data.token }}) plus the kind's renderings.
func pathCreds(b *backend) []*framework.Path {
	return []*framework.Path{
		{
			Pattern:      "creds/?$",
			DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationSuffix: "credentials"},
			Operations: map[logical.Operation]framework.OperationHandler{
				logical.ListOperation: &framework.PathOperation{Callback: b.lists.wrap(b.listCreds), Summary: "List every secret name, with its kind."},
			},
			HelpSynopsis:    "List every secret name, with its kind.",
			HelpDescription: "Returns every name; key_info gives each name's kind.",
		},
		{
			Pattern: "creds/(?P<name>.+)",
			Fields: map[string]*framework.FieldSchema{
				"name": {Type: framework.TypeString, Required: true, Description: "Name of the secret."},
			},
			DisplayAttrs:    &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationVerb: "read", OperationSuffix: "credential"},
			Callbacks:       hotPath(map[logical.Operation]framework.OperationFunc{logical.ReadOperation: b.readCreds}),
			HelpSynopsis:    "Read a secret whole, ready to use.",
			HelpDescription: credsHelp,
		},
	}
}

// readCreds costs one storage read: renderings are computed from the entry.
func (b *backend) readCreds(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	name := d.Get("name").(string)
	if err := checkName(name); err != nil {
		return logical.ErrorResponse(err.Error()), nil
	}
	e, err := getSecret(ctx, req.Storage, name)
	if err != nil || e == nil {
		return nil, err
	}
	k, ok := kinds.Get(e.Kind)
	if !ok {
		return nil, fmt.Errorf("secret %q has kind %q, which this plugin does not know", name, e.Kind)
	}
	data := k.Output(e.Data, false)
	if k.Render != nil {
		for key, v := range k.Render(name, e.Data) {
			data[key] = v
		}
	}
	addRotationHints(data, e, k, b.now())
	return &logical.Response{Data: data}, nil
}

// listCreds lists every name with its kind: one storage list per kind in use,
// and no entry reads.
func (b *backend) listCreds(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	kindDirs, err := req.Storage.List(ctx, indexPrefix)
	if err != nil {
		return nil, fmt.Errorf("listing kinds: %w", err)
	}
	var names []string
	info := map[string]any{}
	for _, dir := range kindDirs {
		kind := dir[:len(dir)-1]
		kindNames, err := req.Storage.List(ctx, indexPrefix+dir)
		if err != nil {
			return nil, fmt.Errorf("listing %s secrets: %w", kind, err)
		}
		for _, n := range kindNames {
			names = append(names, n)
			info[n] = map[string]any{"kind": kind}
		}
	}
	sort.Strings(names)
	return logical.ListResponseWithInfo(names, info), nil
}

const credsHelp = `
Returns the secret with every field, sensitive ones included, as flat keys
(an Agent template reads {{ .Data.token }}), plus renderings:

  dockerconfigjson   dockerhub, depot, nvidia-nim: a .docker/config.json
  kubeconfig         kubernetes, oci: one cluster, user and context
  credentials_json   gcp: the service-account key file

Grant read on creds/<name> to workloads, and nothing under secrets/.
`
