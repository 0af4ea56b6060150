package backend

import (
	"context"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// pathTypes is schema discovery, straight from the kinds registry.
func pathTypes() []*framework.Path {
	return []*framework.Path{
		{
			Pattern:      "types/?$",
			DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationSuffix: "kinds"},
			Operations: map[logical.Operation]framework.OperationHandler{
				logical.ListOperation: &framework.PathOperation{Callback: listTypes, Summary: "List the secret kinds."},
				logical.ReadOperation: &framework.PathOperation{Callback: listTypes, Summary: "List the secret kinds."},
			},
			HelpSynopsis:    "List the secret kinds.",
			HelpDescription: "Returns every kind's name; key_info gives each one's description.",
		},
		{
			Pattern: "types/" + framework.GenericNameRegex("kind"),
			Fields: map[string]*framework.FieldSchema{
				"kind": {Type: framework.TypeString, Required: true, Description: "Kind name, such as aws or kubernetes."},
			},
			DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationVerb: "read", OperationSuffix: "kind"},
			Operations: map[logical.Operation]framework.OperationHandler{
				logical.ReadOperation: &framework.PathOperation{Callback: readType, Summary: "Describe one kind: fields, renderings and an example body."},
			},
			HelpSynopsis:    "Describe one kind: its fields, which are required and sensitive, and an example body.",
			HelpDescription: "The example body can be written as is: vault write integrations/secrets/<kind>/<name> @example.json.",
		},
	}
}

func listTypes(context.Context, *logical.Request, *framework.FieldData) (*logical.Response, error) {
	info := map[string]any{}
	for _, k := range kinds.All() {
		info[k.Name] = map[string]any{"description": k.Description}
	}
	return logical.ListResponseWithInfo(kinds.Names(), info), nil
}

func readType(_ context.Context, _ *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	name := d.Get("kind").(string)
	k, ok := kinds.Get(name)
	if !ok {
		return logical.ErrorResponse("field %q: unknown kind %q; list types/ for the kinds", "kind", name), nil
	}
	return &logical.Response{Data: describeKind(k)}, nil
}

func describeKind(k *kinds.Kind) map[string]any {
	fields := make([]map[string]any, 0, len(k.Fields))
	for _, f := range k.Fields {
		fd := map[string]any{
			"name":        f.Name,
			"description": f.Description,
			"type":        f.Type.String(),
			"required":    f.Required,
			"sensitive":   f.Sensitive,
		}
		if f.Default != "" {
			fd["default"] = f.Default
		}
		if len(f.Aliases) > 0 {
			fd["aliases"] = f.Aliases
		}
		fields = append(fields, fd)
	}
	out := map[string]any{
		"name":        k.Name,
		"description": k.Description,
		"fields":      fields,
		"example":     k.Example,
		"rotates":     k.Rotates,
	}
	if k.Open != nil {
		out["open"] = k.Open.String()
	}
	var renderings []string
	if k.Render != nil {
		v, _, err := k.Parse(k.Example)
		if err == nil {
			for key := range k.Render("example", v) {
				renderings = append(renderings, key)
			}
		}
	}
	out["renderings"] = renderings
	return out
}
