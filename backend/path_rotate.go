package backend

import (
	"context"
	"maps"
	"net/http"

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
			logical.UpdateOperation: &framework.PathOperation{Callback: b.rotateSecret, Summary: "Rotate a secret's credential now."},
		},
		HelpSynopsis:    "Rotate a secret's credential now.",
		HelpDescription: rotateHelp,
	}}
}

func (b *backend) rotateSecret(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	name := d.Get("name").(string)
	if err := checkName(name); err != nil {
		return logical.ErrorResponse(err.Error()), nil
	}
	if resp := refuseUnknownFields(req, d); resp != nil {
		return resp, nil
	}
	if !b.WriteSafeReplicationState() {
		// Before any AWS call: Vault forwards the request to the active node.
		return nil, logical.ErrReadOnly
	}
	lock := b.lockFor(name)
	lock.Lock()
	defer lock.Unlock()

	e, err := getSecret(ctx, req.Storage, name)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return logical.ErrorResponse("no secret named %q", name), nil
	}
	k, ok := kinds.Get(e.Kind)
	if !ok || !k.Rotates {
		return logical.ErrorResponse("kind %s cannot rotate: only the stored credential of a kind that issues its own keys (aws) can", e.Kind), nil
	}
	next, warnings, err := b.rotateLocked(ctx, req.Storage, e)
	if err != nil {
		b.Logger().Warn("rotation failed", "name", name, "error", err)
		if rerr := b.recordFailure(ctx, req.Storage, e, scheduleOf(e), err); rerr != nil {
			warnings = append(warnings, "the error could not be recorded in last_rotation_error: "+rerr.Error())
		}
		if isRefusal(err) {
			resp := logical.ErrorResponse("rotation refused: %s", err.Error())
			resp.Warnings = warnings
			return resp, nil
		}
		// AWS or storage failed, not the caller: the old key is still stored and works.
		return nil, logical.CodedError(http.StatusBadGateway, "rotation failed, the stored key is unchanged: "+err.Error())
	}
	b.Logger().Info("rotated access key", "name", name, "version", next.Version)
	data := entryMetadata(next)
	data[fieldKeyID] = next.Data[fieldKeyID]
	maps.Copy(data, rotationFields(next))
	return &logical.Response{Data: data, Warnings: warnings}, nil
}

const rotateHelp = `
Rotates an aws secret's access key now, with the key itself (its IAM user
needs iam:GetUser, iam:ListAccessKeys, iam:CreateAccessKey and
iam:DeleteAccessKey on its own user): find the user (refusing root keys),
make room (an inactive extra key is deleted; an active one that is not ours
stops the rotation), create a new key, verify it with STS until
rotation_verify_timeout, store it as a new version, then delete the old key
now or after grace_period. On any failure the old key stays stored and
working, and the error is shown as last_rotation_error on secrets/aws/<name>.
Other kinds answer 400.
`
