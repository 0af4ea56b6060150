package backend

import (
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

func TestTypesListsEveryKind(t *testing.T) {
	env := getTestBackend(t)
	resp := env.ok(t, logical.ListOperation, "types/", nil)
	assert.Equal(t, kinds.Names(), resp.Data["keys"])
	info := resp.Data["key_info"].(map[string]any)
	for _, k := range kinds.All() {
		assert.Equal(t, k.Description, info[k.Name].(map[string]any)["description"])
	}
}

// TestTypesDescribesEveryKind: types/<kind> is generated from the registry and
// its example body can be written back as is.
func TestTypesDescribesEveryKind(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Name, func(t *testing.T) {
			env := getTestBackend(t)
			resp := env.ok(t, logical.ReadOperation, "types/"+k.Name, nil)
			assert.Equal(t, k.Name, resp.Data["name"])
			fields := resp.Data["fields"].([]map[string]any)
			require.Len(t, fields, len(k.Fields))
			for i, f := range k.Fields {
				assert.Equal(t, f.Name, fields[i]["name"])
				assert.Equal(t, f.Required, fields[i]["required"])
				assert.Equal(t, f.Sensitive, fields[i]["sensitive"])
			}
			example := resp.Data["example"].(map[string]any)
			env.ok(t, logical.CreateOperation, "secrets/"+k.Name+"/from-types", example)
			if k.Render != nil {
				assert.NotEmpty(t, resp.Data["renderings"])
			}
		})
	}
}

func TestTypesUnknownKindIsA400(t *testing.T) {
	env := getTestBackend(t)
	msg := env.badRequest(t, logical.ReadOperation, "types/ftp", nil, "kind")
	assert.Contains(t, msg, "types/")
}
