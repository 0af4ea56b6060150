package backend

import (
	"context"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

func pathRotate(b *backend) []*framework.Path {
	return []*framework.Path{{
		Pattern: "rotate/(?P<name>.+)",
		Fields: map[string]*framework.FieldSchema{
			"name": {Type: framework.TypeString, Required: true, Description: "Name of the secret to rotate."},
		},
		DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationVerb: "rotate", OperationSuffix: "secret"},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.UpdateOperation: &framework.PathOperation{Callback: b.rotateSecret},
		},
		HelpSynopsis:    "Rotate a secret's credential now.",
		HelpDescription: "Kinds that can rotate replace their stored credential with a new one; other kinds answer 400.",
	}}
}

func (b *backend) rotateSecret(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	name := d.Get("name").(string)
	if err := checkName(name); err != nil {
		return logical.ErrorResponse(err.Error()), nil
	}
	e, err := getSecret(ctx, req.Storage, name)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return logical.ErrorResponse("no secret named %q", name), nil
	}
	if k, ok := kinds.Get(e.Kind); !ok || !k.Rotates {
		return logical.ErrorResponse("kind %s cannot rotate", e.Kind), nil
	}
	return logical.ErrorResponse("kind %s cannot rotate yet: rotation is not built", e.Kind), nil
}
