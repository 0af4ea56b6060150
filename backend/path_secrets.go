package backend

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// pathSecrets generates, for every registered kind, secrets/<kind>/ (list)
// and secrets/<kind>/<name> (create, update, patch, read, delete), plus
// secrets/ listing the kinds in use.
//
// The paths take arbitrary input and declare only "name": the framework's own
// type conversion would echo a rejected value (possibly a secret) in its error
// message, so every field is checked by the kind's Parse instead, which names
// the field and never the value. Field documentation comes from the kind, in
// the help text and in types/<kind>.
func pathSecrets(b *backend) []*framework.Path {
	paths := []*framework.Path{{
		Pattern:         "secrets/?$",
		DisplayAttrs:    &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationSuffix: "kinds-in-use"},
		Operations:      map[logical.Operation]framework.OperationHandler{logical.ListOperation: &framework.PathOperation{Callback: b.lists.wrap(b.listKindsInUse), Summary: "List the kinds that hold secrets."}},
		HelpSynopsis:    "List the kinds that hold secrets.",
		HelpDescription: "Returns one key per kind that holds at least one secret, such as aws/ and gcp/.",
	}}
	for _, k := range kinds.All() {
		paths = append(paths, secretPaths(b, k)...)
	}
	return paths
}

const operationPrefix = "integrations"

func secretPaths(b *backend, k *kinds.Kind) []*framework.Path {
	suffix := k.Name + "-secret"
	nameField := map[string]*framework.FieldSchema{
		"name": {Type: framework.TypeString, Required: true, Description: "Name of the secret, unique across kinds."},
	}
	return []*framework.Path{
		{
			Pattern:         "secrets/" + regexp.QuoteMeta(k.Name) + "/?$",
			DisplayAttrs:    &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationSuffix: k.Name + "-secrets"},
			Callbacks:       hotPath(map[logical.Operation]framework.OperationFunc{logical.ListOperation: b.lists.wrap(b.listKind(k))}),
			HelpSynopsis:    fmt.Sprintf("List the names of %s secrets.", k.Name),
			HelpDescription: k.Description,
		},
		{
			// The name is captured loosely and checked in the handler, so a bad
			// name is a 400 that says why rather than an unsupported path.
			Pattern:             "secrets/" + regexp.QuoteMeta(k.Name) + "/(?P<name>.+)",
			Fields:              nameField,
			TakesArbitraryInput: true,
			ExistenceCheck:      b.secretExists,
			// Callbacks, not Operations: see hotPath. The framework names
			// the operations write, patch, read and delete by their type.
			DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationSuffix: suffix},
			Callbacks: hotPath(map[logical.Operation]framework.OperationFunc{
				logical.CreateOperation: b.writeSecret(k),
				logical.UpdateOperation: b.writeSecret(k),
				logical.PatchOperation:  b.patchSecret(k),
				logical.ReadOperation:   b.readSecret(k),
				logical.DeleteOperation: b.deleteSecret(k),
			}),
			HelpSynopsis:    fmt.Sprintf("Write, read (masked), patch or delete a secret of kind %s.", k.Name),
			HelpDescription: kindHelp(k),
		},
	}
}

func (b *backend) secretExists(ctx context.Context, req *logical.Request, d *framework.FieldData) (bool, error) {
	name := d.Get("name").(string)
	if checkName(name) != nil {
		return false, nil // the handler refuses the name with a 400
	}
	// Only presence matters here, so the entry is not decoded: Vault calls
	// this before every write, and the write decodes the entry anyway.
	raw, err := req.Storage.Get(ctx, secretPrefix+name)
	if err != nil {
		return false, fmt.Errorf("reading secret %q: %w", name, err)
	}
	return raw != nil, nil
}

func (b *backend) writeSecret(k *kinds.Kind) framework.OperationFunc {
	return func(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
		return b.store(ctx, req, k, d.Get("name").(string), func(*secretEntry) (map[string]any, error) {
			return req.Data, nil
		})
	}
}

// patchSecret merges the body into the stored values as a JSON merge patch
// (RFC 7396: a null removes a field). The values are flat, so the merge is a
// key-by-key overwrite; aliases and expansions are resolved in the patch first.
func (b *backend) patchSecret(k *kinds.Kind) framework.OperationFunc {
	return func(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
		return b.store(ctx, req, k, d.Get("name").(string), func(old *secretEntry) (map[string]any, error) {
			if old == nil {
				return nil, logical.CodedError(http.StatusNotFound, "no such secret: write it before patching it")
			}
			patch, err := k.Canonical(req.Data)
			if err != nil {
				return nil, err
			}
			return kinds.WithPatch(old.Data, patch), nil
		})
	}
}

// store runs one write under the name's lock: body computes the new body from
// the current entry, which is then parsed and stored as the next version.
// Nothing is stored unless every check passes.
func (b *backend) store(ctx context.Context, req *logical.Request, k *kinds.Kind, name string,
	body func(old *secretEntry) (map[string]any, error),
) (*logical.Response, error) {
	if err := checkName(name); err != nil {
		return logical.ErrorResponse(err.Error()), nil
	}
	lock := b.lockFor(name)
	lock.Lock()
	defer lock.Unlock()

	old, err := getSecret(ctx, req.Storage, name)
	if err != nil {
		return nil, err
	}
	if old != nil && old.Kind != k.Name {
		return logical.ErrorResponse("name %q is already used by a %s secret; names are unique across kinds", name, old.Kind), nil
	}
	in, err := body(old)
	if err != nil {
		return inputError(err)
	}
	vals, warnings, err := k.Parse(in)
	if err != nil {
		return inputError(err)
	}
	now := time.Now().UTC()
	e := &secretEntry{Name: name, Kind: k.Name, Version: 1, Created: now, Updated: now, Data: vals}
	if old != nil {
		e.Version, e.Created = old.Version+1, old.Created
	}
	if k.Rotates {
		carryRotation(e, old, b.now())
	}
	if err := putEntry(ctx, req.Storage, e, old == nil, scheduleOf(old)); err != nil {
		return nil, err
	}
	return &logical.Response{Data: entryMetadata(e), Warnings: warnings}, nil
}

// inputError turns a field error into a 400 and passes anything else on
// (coded errors keep their status; the rest are internal failures).
func inputError(err error) (*logical.Response, error) {
	var fe *kinds.FieldError
	if errors.As(err, &fe) {
		return logical.ErrorResponse(fe.Error()), nil
	}
	return nil, err
}

func entryMetadata(e *secretEntry) map[string]any {
	return map[string]any{
		"name":         e.Name,
		"kind":         e.Kind,
		"version":      e.Version,
		"created_time": e.Created.Format(time.RFC3339Nano),
		"updated_time": e.Updated.Format(time.RFC3339Nano),
	}
}

func (b *backend) readSecret(k *kinds.Kind) framework.OperationFunc {
	return func(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
		name := d.Get("name").(string)
		if err := checkName(name); err != nil {
			return logical.ErrorResponse(err.Error()), nil
		}
		e, err := getSecret(ctx, req.Storage, name)
		if err != nil || e == nil {
			return nil, err
		}
		if e.Kind != k.Name {
			return logical.ErrorResponse("%q is a %s secret: read it at secrets/%s/%s", name, e.Kind, e.Kind, name), nil
		}
		data := entryMetadata(e)
		data["data"] = k.Output(e.Data, true)
		if k.Rotates {
			maps.Copy(data, rotationFields(e))
		}
		return &logical.Response{Data: data}, nil
	}
}

func (b *backend) deleteSecret(k *kinds.Kind) framework.OperationFunc {
	return func(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
		name := d.Get("name").(string)
		if err := checkName(name); err != nil {
			return logical.ErrorResponse(err.Error()), nil
		}
		lock := b.lockFor(name)
		lock.Lock()
		defer lock.Unlock()
		e, err := getSecret(ctx, req.Storage, name)
		if err != nil {
			return nil, err
		}
		if e != nil && e.Kind != k.Name {
			return logical.ErrorResponse("%q is a %s secret: delete it at secrets/%s/%s", name, e.Kind, e.Kind, name), nil
		}
		if err := deleteSecret(ctx, req.Storage, k.Name, name); err != nil {
			return nil, err
		}
		if key := scheduleOf(e); key != "" {
			// A failure leaves a stale key, which the periodic function drops.
			_ = req.Storage.Delete(ctx, key)
		}
		var resp *logical.Response
		if e != nil && e.Rotation != nil && len(e.Rotation.Retiring) > 0 {
			resp = &logical.Response{}
			for _, r := range e.Rotation.Retiring {
				resp.AddWarning(fmt.Sprintf("the old access key %s, kept for its grace period, is no longer tracked: delete it in IAM", r.AccessKeyID))
			}
		}
		return resp, nil
	}
}

func (b *backend) listKind(k *kinds.Kind) framework.OperationFunc {
	return func(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
		names, err := req.Storage.List(ctx, indexPrefix+k.Name+"/")
		if err != nil {
			return nil, fmt.Errorf("listing %s secrets: %w", k.Name, err)
		}
		return logical.ListResponse(names), nil
	}
}

func (b *backend) listKindsInUse(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	keys, err := req.Storage.List(ctx, indexPrefix)
	if err != nil {
		return nil, fmt.Errorf("listing kinds: %w", err)
	}
	return logical.ListResponse(keys), nil
}

// kindHelp documents a kind's fields for vault path-help.
func kindHelp(k *kinds.Kind) string {
	var sb strings.Builder
	sb.WriteString(k.Description + "\n\n")
	if k.Open != nil {
		sb.WriteString("Fields: any key/value pairs; " + k.Open.String() + ".\n")
	}
	for _, f := range k.Fields {
		marks := []string{}
		if f.Required {
			marks = append(marks, "required")
		}
		if f.Sensitive {
			marks = append(marks, "sensitive: only creds/ returns it")
		}
		if f.Default != "" {
			marks = append(marks, "default "+f.Default)
		}
		if len(f.Aliases) > 0 {
			marks = append(marks, "also accepted as "+strings.Join(f.Aliases, ", "))
		}
		fmt.Fprintf(&sb, "  %-28s %s", f.Name, f.Description)
		if len(marks) > 0 {
			fmt.Fprintf(&sb, " (%s)", strings.Join(marks, "; "))
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\nCreate and update replace the whole secret; patch merges (a null removes a field). " +
		"A read shows sensitive values as " + kinds.Placeholder + ". See types/" + k.Name + " for an example body.")
	return sb.String()
}
