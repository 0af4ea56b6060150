//go:build e2e

package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// consumerPolicy is bootstrap/policies/integrations-consumer.hcl narrowed to
// the names a workload needs, as the file's comment suggests.
func (e *env) consumerPolicy(t *testing.T, names string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.root, "bootstrap", "policies", "integrations-consumer.hcl"))
	require.NoError(t, err)
	const wide = `"integrations/creds/*"`
	require.Contains(t, string(b), wide)
	return strings.Replace(string(b), wide, `"integrations/creds/`+names+`"`, 1)
}

// policyToken installs a policy and returns a token holding it and Vault's
// default policy (which lets a token look itself up, as Agent does).
func (e *env) policyToken(t *testing.T, name, rules string) string {
	t.Helper()
	require.NoError(t, e.v.Client.Sys().PutPolicyWithContext(e.ctx, name, rules))
	sec, err := e.v.Client.Auth().Token().CreateWithContext(e.ctx, &api.TokenCreateRequest{
		Policies: []string{name}, TTL: "1h",
	})
	require.NoError(t, err)
	return sec.Auth.ClientToken
}

// writeExample writes a kind's example body under name, as root.
func (e *env) writeExample(t *testing.T, kind, name string) *kinds.Kind {
	t.Helper()
	k, ok := kinds.Get(kind)
	require.True(t, ok, kind)
	e.rememberBody(k, k.Example)
	e.vault(t, "write", e.mount("secrets/"+k.Name+"/"+name), "@"+e.writeBody(t, name+".json", k.Example))
	return k
}

// testACL: a consumer token limited to creds/app-* reads creds/app-x and
// nothing else: not creds/other, nothing under secrets/, no write anywhere.
func (e *env) testACL(t *testing.T) {
	hf := e.writeExample(t, "huggingface", "app-x")
	e.writeExample(t, "huggingface", "other")
	tok := e.policyToken(t, "integrations-consumer-app", e.consumerPolicy(t, "app-*"))

	creds := e.vaultJSON(t, tok, "read", e.mount("creds/app-x"))
	assert.Equal(t, hf.Example["token"], obj(t, creds, "data")["token"])

	e.onlyDenied(t, tok, "read", e.mount("creds/other"))
	e.onlyDenied(t, tok, "list", e.mount("creds"))
	e.onlyDenied(t, tok, "list", e.mount("secrets"))
	for _, k := range kinds.All() {
		e.onlyDenied(t, tok, "list", e.mount("secrets/"+k.Name))
		e.onlyDenied(t, tok, "read", e.mount("secrets/"+k.Name+"/app-x"))
		e.onlyDenied(t, tok, "write", e.mount("secrets/"+k.Name+"/app-new"), "@"+e.writeBody(t, k.Name+".json", k.Example))
		e.onlyDenied(t, tok, "delete", e.mount("secrets/"+k.Name+"/app-x"))
	}
	e.remember("hf_patchedByConsumer0000", "hf_writtenByConsumer0000")
	e.onlyDenied(t, tok, "patch", e.mount("secrets/huggingface/app-x"), "token=hf_patchedByConsumer0000")
	e.onlyDenied(t, tok, "write", e.mount("creds/app-x"), "token=hf_writtenByConsumer0000")
	e.onlyDenied(t, tok, "write", "-force", e.mount("rotate/app-x"))
	e.onlyDenied(t, tok, "write", e.mount("config"), "rotation_verify_timeout=10")
	e.onlyDenied(t, tok, "read", e.mount("config"))
	e.onlyDenied(t, tok, "read", e.mount("types/aws"))

	// The same refusal over HTTP is a 403.
	status, _ := e.api(t, http.MethodGet, e.mount("secrets/huggingface/app-x"), tok, nil)
	assert.Equal(t, http.StatusForbidden, status)

	// Nothing the consumer tried changed anything.
	read := e.vaultJSON(t, "", "read", e.mount("secrets/huggingface/app-x"))
	assert.Equal(t, "1", str(obj(t, read, "data")["version"]))
	_, _, err := e.v.CLI(e.ctx, nil, "read", e.mount("creds/app-new"))
	assert.Error(t, err, "the denied write stored nothing")

	// The admin policy manages everything under the mount, and nothing else.
	admin := e.policyToken(t, "integrations-admin", e.policyFile(t, "integrations-admin.hcl"))
	_, stderr, err := e.v.CLIAs(e.ctx, admin, nil, "patch", e.mount("secrets/huggingface/other"), "token=hf_patchedByTheAdmin00000")
	require.NoError(t, err, stderr)
	e.remember("hf_patchedByTheAdmin00000")
	assert.Equal(t, "hf_patchedByTheAdmin00000", obj(t, e.vaultJSON(t, admin, "read", e.mount("creds/other")), "data")["token"])
	assert.Contains(t, e.vaultList(t, admin, e.mount("secrets/huggingface")), "other")
	e.onlyDenied(t, admin, "policy", "read", "integrations-admin")
	e.onlyDenied(t, admin, "secrets", "list")
}

func (e *env) policyFile(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.root, "bootstrap", "policies", file))
	require.NoError(t, err)
	return string(b)
}
