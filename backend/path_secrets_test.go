package backend

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// TestEveryKindLifecycle is driven by the registry: each kind's example is
// written, read back masked, served whole by creds/, listed, patched, deleted.
func TestEveryKindLifecycle(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			env := getTestBackend(t)
			name := "prod-" + k.Name
			path := "secrets/" + k.Name + "/" + name

			resp := env.ok(t, logical.CreateOperation, path, k.Example)
			assert.Equal(t, 1, resp.Data["version"])

			read := env.ok(t, logical.ReadOperation, path, nil)
			shown := mustJSON(t, read.Data)
			for _, secret := range sensitiveValues(k, k.Example) {
				assert.NotContains(t, shown, secret, "a secrets/ read shows a sensitive value")
			}
			assert.Equal(t, 1, read.Data["version"])
			assert.NotEmpty(t, read.Data["created_time"])
			data := read.Data["data"].(map[string]any)
			for key := range k.Example {
				if k.IsSensitive(key) {
					assert.Equal(t, kinds.Placeholder, data[key], key)
				} else {
					assert.NotEqual(t, kinds.Placeholder, data[key], key)
				}
			}

			creds := env.ok(t, logical.ReadOperation, "creds/"+name, nil)
			for key, v := range k.Example {
				assert.Equal(t, fmt.Sprint(v), fmt.Sprint(creds.Data[key]), "creds/ must serve %s whole", key)
			}
			if k.Render != nil {
				vals, _, _ := k.Parse(k.Example)
				for key := range k.Render(name, vals) {
					assert.NotEmpty(t, creds.Data[key], "rendering %s", key)
				}
			}

			list := env.ok(t, logical.ListOperation, "secrets/"+k.Name+"/", nil)
			assert.Equal(t, []string{name}, list.Data["keys"])
			all := env.ok(t, logical.ListOperation, "secrets/", nil)
			assert.Equal(t, []string{k.Name + "/"}, all.Data["keys"])
			credList := env.ok(t, logical.ListOperation, "creds/", nil)
			assert.Equal(t, []string{name}, credList.Data["keys"])
			assert.Equal(t, map[string]any{"kind": k.Name}, credList.Data["key_info"].(map[string]any)[name])

			// Patch: set an optional field (or, for open kinds, add a key) and see version 2.
			patch := patchFor(k)
			env.ok(t, logical.PatchOperation, path, patch)
			read = env.ok(t, logical.ReadOperation, path, nil)
			assert.Equal(t, 2, read.Data["version"])
			creds = env.ok(t, logical.ReadOperation, "creds/"+name, nil)
			for key, v := range patch {
				assert.Equal(t, fmt.Sprint(v), fmt.Sprint(creds.Data[key]))
			}

			env.ok(t, logical.DeleteOperation, path, nil)
			resp, err := env.do(logical.ReadOperation, "creds/"+name, nil)
			require.NoError(t, err)
			assert.Nil(t, resp)
			assert.Empty(t, env.storedKeys(t), "a delete leaves nothing behind")
		})
	}
}

// patchFor picks a patch that changes a kind's secret validly: a new key for
// open kinds, otherwise the example's first non-sensitive optional string field.
func patchFor(k *kinds.Kind) map[string]any {
	if k.Open != nil {
		return map[string]any{"ADDED_BY_PATCH": "yes"}
	}
	for _, f := range k.Fields {
		if v, ok := k.Example[f.Name].(string); ok && !f.Sensitive && f.Type == kinds.String {
			return map[string]any{f.Name: v}
		}
	}
	return map[string]any{}
}

// TestEveryCounterexampleIsA400 proves every kind's counterexamples, plus the
// cases derived from its schema, are refused with the field named and
// nothing stored.
func TestEveryCounterexampleIsA400(t *testing.T) {
	for _, k := range kinds.All() {
		cases := append([]kinds.Invalid{}, k.Invalid...)
		if k.Open == nil {
			cases = append(cases, kinds.Invalid{Why: "unknown field", Patch: map[string]any{"surprise": "x"}, Field: "surprise"})
		}
		for _, f := range k.Fields {
			if f.Required && f.Default == "" {
				cases = append(cases, kinds.Invalid{Why: "missing " + f.Name, Patch: map[string]any{f.Name: nil}, Field: f.Name})
				cases = append(cases, kinds.Invalid{Why: f.Name + " as an object", Patch: map[string]any{f.Name: map[string]any{"a": 1}}, Field: f.Name})
			}
		}
		for _, c := range cases {
			t.Run(k.Name+"/"+c.Why, func(t *testing.T) {
				t.Parallel()
				env := getTestBackend(t)
				body := kinds.WithPatch(k.Example, c.Patch)
				msg := env.badRequest(t, logical.CreateOperation, "secrets/"+k.Name+"/bad", body, c.Field)
				for _, secret := range sensitiveValues(k, body) {
					if len(secret) > 3 {
						assert.NotContains(t, msg, secret)
					}
				}
				assert.Empty(t, env.storedKeys(t), "a refused write stores nothing")
			})
		}
	}
}

func TestNamesAreUniqueAcrossKinds(t *testing.T) {
	env := getTestBackend(t)
	aws, _ := kinds.Get("aws")
	hf, _ := kinds.Get("huggingface")
	env.ok(t, logical.CreateOperation, "secrets/aws/prod", aws.Example)
	msg := env.badRequest(t, logical.CreateOperation, "secrets/huggingface/prod", hf.Example, "prod")
	assert.Contains(t, msg, "aws")
	env.badRequest(t, logical.DeleteOperation, "secrets/huggingface/prod", nil, "prod")
	env.ok(t, logical.ReadOperation, "creds/prod", nil)
}

func TestBadNamesAreA400(t *testing.T) {
	env := getTestBackend(t)
	hf, _ := kinds.Get("huggingface")
	for _, name := range []string{"a/b", "-lead", "trail-", "sp ace", strings.Repeat("x", 129)} {
		env.badRequest(t, logical.CreateOperation, "secrets/huggingface/"+name, hf.Example, "name")
		env.badRequest(t, logical.ReadOperation, "creds/"+name, nil, "name")
	}
	assert.Empty(t, env.storedKeys(t))
}

func TestWriteReplacesAndPatchMerges(t *testing.T) {
	env := getTestBackend(t)
	dep, _ := kinds.Get("depot")
	env.ok(t, logical.CreateOperation, "secrets/depot/reg", kinds.WithPatch(dep.Example, map[string]any{"server": "registry.example.com:5000"}))
	// A write replaces: the server goes back to its default.
	env.ok(t, logical.UpdateOperation, "secrets/depot/reg", dep.Example)
	creds := env.ok(t, logical.ReadOperation, "creds/reg", nil)
	assert.Equal(t, "registry.depot.dev", creds.Data["server"])
	// A patch merges and a null removes (here: back to the default).
	env.ok(t, logical.PatchOperation, "secrets/depot/reg", map[string]any{"username": "ci"})
	creds = env.ok(t, logical.ReadOperation, "creds/reg", nil)
	assert.Equal(t, "ci", creds.Data["username"])
	assert.Equal(t, dep.Example["token"], creds.Data["token"])
	env.ok(t, logical.PatchOperation, "secrets/depot/reg", map[string]any{"username": nil})
	creds = env.ok(t, logical.ReadOperation, "creds/reg", nil)
	assert.Equal(t, "x-token", creds.Data["username"])
	// A bad patch changes nothing.
	env.badRequest(t, logical.PatchOperation, "secrets/depot/reg", map[string]any{"server": "https://x"}, "server")
	read := env.ok(t, logical.ReadOperation, "secrets/depot/reg", nil)
	assert.Equal(t, 4, read.Data["version"])
}

func TestPatchOfMissingSecretIs404(t *testing.T) {
	env := getTestBackend(t)
	_, err := env.do(logical.PatchOperation, "secrets/depot/none", map[string]any{"username": "ci"})
	require.Error(t, err)
	var coded logical.HTTPCodedError
	require.ErrorAs(t, err, &coded)
	assert.Equal(t, 404, coded.Code())
}

func TestDockerHubPasswordIsStoredWithAWarning(t *testing.T) {
	env := getTestBackend(t)
	resp := env.ok(t, logical.CreateOperation, "secrets/dockerhub/hub", map[string]any{"username": "mlplatform", "token": "my-password-123"})
	require.Len(t, resp.Warnings, 1)
	assert.NotContains(t, resp.Warnings[0], "my-password-123")
}

func TestRotateRefusesKindsThatCannotRotate(t *testing.T) {
	env := getTestBackend(t)
	for _, k := range kinds.All() {
		if k.Rotates {
			continue
		}
		env.ok(t, logical.CreateOperation, "secrets/"+k.Name+"/x-"+k.Name, k.Example)
		resp, err := env.do(logical.UpdateOperation, "rotate/x-"+k.Name, nil)
		require.NoError(t, err)
		require.True(t, resp.IsError())
		assert.Contains(t, resp.Error().Error(), "kind "+k.Name+" cannot rotate")
	}
}
