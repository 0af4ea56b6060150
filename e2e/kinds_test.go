//go:build e2e

package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// testKindsCLI writes every kind's example body with
// `vault write .../secrets/<kind>/<name> @<kind>.json`, reads it back masked,
// and reads it whole from creds/. New kinds are covered by the registry.
func (e *env) testKindsCLI(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Name, func(t *testing.T) {
			name := exampleName("cli", k)
			e.rememberBody(k, k.Example)
			body := e.writeBody(t, k.Name+".json", k.Example)
			e.vault(t, "write", e.mount("secrets/"+k.Name+"/"+name), "@"+body)

			// The table output a person sees shows no sensitive value.
			table := e.vault(t, "read", e.mount("secrets/"+k.Name+"/"+name))
			for key, val := range k.Example {
				if k.IsSensitive(key) && len(str(val)) >= 4 {
					assert.NotContains(t, table, str(val), "field %s shown by vault read", key)
				}
			}
			assert.Contains(t, table, kinds.Placeholder)

			read := e.vaultJSON(t, "", "read", e.mount("secrets/"+k.Name+"/"+name))
			e.checkMasked(t, k, obj(t, read, "data"))

			creds := e.vaultJSON(t, "", "read", e.mount("creds/"+name))
			e.checkWhole(t, k, obj(t, creds, "data"))

			assert.Contains(t, e.vaultList(t, "", e.mount("secrets/"+k.Name)), name)
		})
	}
}

// checkMasked: a secrets/ read returns the metadata and every example field,
// sensitive ones as the placeholder and the rest as written.
func (e *env) checkMasked(t *testing.T, k *kinds.Kind, data map[string]any) {
	t.Helper()
	for _, meta := range []string{"version", "created_time", "updated_time"} {
		assert.Contains(t, data, meta)
	}
	fields := obj(t, data, "data")
	for key, val := range k.Example {
		if k.IsSensitive(key) {
			assert.Equal(t, kinds.Placeholder, fields[key], "field %s", key)
		} else {
			assert.Equal(t, str(val), str(fields[key]), "field %s", key)
		}
	}
}

// checkWhole: a creds/ read returns every example field as written, and
// remembers the renderings (which hold secrets) for the leak check.
func (e *env) checkWhole(t *testing.T, k *kinds.Kind, data map[string]any) {
	t.Helper()
	for key, val := range k.Example {
		assert.Equal(t, str(val), str(data[key]), "field %s", key)
	}
	for key, val := range data {
		if _, isField := k.Example[key]; isField {
			continue
		}
		if s, ok := val.(string); ok && k.Render != nil {
			e.rememberRendering(k, s)
		}
	}
}

// rememberRendering records a rendering (dockerconfigjson, kubeconfig,
// credentials_json) and, for JSON ones, every string in it that is not a
// plain field of the example, such as the base64 "auth" of a registry login.
func (e *env) rememberRendering(k *kinds.Kind, s string) {
	e.remember(s)
	var doc any
	if json.Unmarshal([]byte(s), &doc) != nil {
		return
	}
	plain := map[string]bool{}
	for key, val := range k.Example {
		if !k.IsSensitive(key) {
			plain[str(val)] = true
		}
	}
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, c := range t {
				walk(c)
			}
		case []any:
			for _, c := range t {
				walk(c)
			}
		case string:
			if !plain[t] && !strings.HasPrefix(t, "https://") {
				e.remember(t)
			}
		}
	}
	walk(doc)
}

// testKindsHTTP is testKindsCLI through the HTTP API, with raw requests.
func (e *env) testKindsHTTP(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Name, func(t *testing.T) {
			name := exampleName("http", k)
			path := e.mount("secrets/" + k.Name + "/" + name)
			status, resp := e.api(t, http.MethodPost, path, e.rootToken(), k.Example)
			require.Equal(t, http.StatusOK, status, "write: %v", resp)
			assert.Equal(t, json.Number("1"), obj(t, resp, "data")["version"])

			status, resp = e.api(t, http.MethodGet, path, e.rootToken(), nil)
			require.Equal(t, http.StatusOK, status, "read: %v", resp)
			e.checkMasked(t, k, obj(t, resp, "data"))

			status, resp = e.api(t, http.MethodGet, e.mount("creds/"+name), e.rootToken(), nil)
			require.Equal(t, http.StatusOK, status, "creds: %v", resp)
			e.checkWhole(t, k, obj(t, resp, "data"))

			status, resp = e.api(t, "LIST", e.mount("secrets/"+k.Name), e.rootToken(), nil)
			require.Equal(t, http.StatusOK, status)
			assert.Contains(t, obj(t, resp, "data")["keys"], name)

			// A bad body is a 400 naming the field, and nothing is stored.
			bad := k.Invalid[0]
			e.rememberBody(k, bad.Patch)
			status, resp = e.api(t, http.MethodPost, e.mount("secrets/"+k.Name+"/bad-"+name), e.rootToken(), kinds.WithPatch(k.Example, bad.Patch))
			require.Equal(t, http.StatusBadRequest, status, "%s: %v", bad.Why, resp)
			assert.Contains(t, str(resp["errors"]), `"`+bad.Field+`"`, bad.Why)
			status, _ = e.api(t, http.MethodGet, e.mount("creds/bad-"+name), e.rootToken(), nil)
			assert.Equal(t, http.StatusNotFound, status, "a refused write stores nothing")

			status, _ = e.api(t, http.MethodDelete, path, e.rootToken(), nil)
			require.Equal(t, http.StatusNoContent, status)
			status, _ = e.api(t, http.MethodGet, e.mount("creds/"+name), e.rootToken(), nil)
			assert.Equal(t, http.StatusNotFound, status, "deleted")
		})
	}
}

// testInvalidCLI writes every counterexample of every kind with the CLI: each
// exits non-zero, names the field, never echoes the value, and stores nothing.
func (e *env) testInvalidCLI(t *testing.T) {
	for _, k := range kinds.All() {
		require.NotEmpty(t, k.Invalid, "kind %s has no counterexamples", k.Name)
		for i, bad := range k.Invalid {
			t.Run(k.Name+"/"+bad.Why, func(t *testing.T) {
				e.rememberBody(k, bad.Patch)
				name := "bad-" + k.Name
				body := e.writeBody(t, k.Name+"-bad.json", kinds.WithPatch(k.Example, bad.Patch))
				out, stderr, err := e.v.CLI(e.ctx, nil, "write", e.mount("secrets/"+k.Name+"/"+name), "@"+body)
				require.Error(t, err, "counterexample %d accepted: %s", i, out)
				assert.Contains(t, stderr, "Code: 400")
				assert.Contains(t, stderr, `"`+bad.Field+`"`)
				for key, val := range bad.Patch {
					_, known := k.Field(key)
					if s, ok := val.(string); ok && len(s) >= 4 && (k.IsSensitive(key) || !known) {
						assert.NotContains(t, stderr, s, "the error echoes the value of %s", key)
					}
				}
				_, _, err = e.v.CLI(e.ctx, nil, "read", e.mount("creds/"+name))
				assert.Error(t, err, "a refused write stores nothing")
			})
		}
	}
}
