//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

// env is the state the subtests share: one server, and every sensitive value
// written during the run (for the final leak check).
type env struct {
	v    *devvault.Vault
	root string // module root
	work string // bodies and Agent files
	ctx  context.Context

	mu        sync.Mutex
	sensitive map[string]bool
}

// mount is the path prefix of the plugin's mount.
func (e *env) mount(p string) string { return e.v.Mount + "/" + p }

// remember records values that must never appear in the audit file or logs.
// Values shorter than 8 characters are skipped: they would match by chance.
func (e *env) remember(values ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range values {
		if len(s) >= 8 {
			e.sensitive[s] = true
		}
	}
}

// rememberBody records a body's sensitive values: the kind's sensitive
// fields, and fields the kind does not know (a refused body may hold a secret
// under a wrong name).
func (e *env) rememberBody(k *kinds.Kind, body map[string]any) {
	for key, val := range body {
		_, known := k.Field(key)
		if s, ok := val.(string); ok && (k.IsSensitive(key) || (!known && k.Open == nil)) {
			e.remember(s)
		}
	}
}

// writeBody writes body as JSON to a file, as a user would for `vault write @file`.
func (e *env) writeBody(t *testing.T, file string, body map[string]any) string {
	t.Helper()
	b, err := json.MarshalIndent(body, "", "  ")
	require.NoError(t, err)
	p := filepath.Join(e.work, file)
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

// vault runs the CLI as root and requires success.
func (e *env) vault(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, err := e.v.CLI(e.ctx, nil, args...)
	require.NoError(t, err, "stderr: %s", stderr)
	return out
}

// vaultJSON runs the CLI with -format=json as token ("" for root) and
// decodes the output.
func (e *env) vaultJSON(t *testing.T, token string, args ...string) map[string]any {
	t.Helper()
	token = e.tokenOrRoot(token)
	args = append([]string{args[0], "-format=json"}, args[1:]...)
	out, stderr, err := e.v.CLIAs(e.ctx, token, nil, args...)
	require.NoError(t, err, "stderr: %s", stderr)
	return decode(t, []byte(out))
}

// vaultList runs `vault list -format=json` as token ("" for root) and returns the keys.
func (e *env) vaultList(t *testing.T, token, path string) []string {
	t.Helper()
	token = e.tokenOrRoot(token)
	out, stderr, err := e.v.CLIAs(e.ctx, token, nil, "list", "-format=json", path)
	require.NoError(t, err, "stderr: %s", stderr)
	var keys []string
	require.NoError(t, json.Unmarshal([]byte(out), &keys), "not a JSON list: %s", out)
	return keys
}

// api sends one raw HTTP request to /v1/<path> and returns the status and the
// decoded body (nil when empty).
func (e *env) api(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(e.ctx, method, e.v.URL()+"/v1/"+path, rd)
	require.NoError(t, err)
	req.Header.Set("X-Vault-Token", token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if len(bytes.TrimSpace(b)) == 0 {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, decode(t, b)
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	require.NoError(t, d.Decode(&m), "not JSON: %s", b)
	return m
}

// str formats a JSON scalar as the plugin stores it (numbers and booleans as text).
func str(v any) string { return fmt.Sprint(v) }

// obj is a JSON object at key (failing the test when it is not one).
func obj(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	o, ok := m[key].(map[string]any)
	require.True(t, ok, "%q is not an object in %v", key, m)
	return o
}

// exampleName is the secret name the CLI test writes for a kind; the HTTP
// test uses "http-" instead (names are unique across kinds).
func exampleName(prefix string, k *kinds.Kind) string { return prefix + "-" + k.Name }

func (e *env) tokenOrRoot(token string) string {
	if token == "" {
		return e.v.Token
	}
	return token
}

// rootToken is the server's root token, for raw HTTP requests.
func (e *env) rootToken() string { return e.v.Token }

// onlyDenied requires a CLI call as token to be refused by ACL.
func (e *env) onlyDenied(t *testing.T, token string, args ...string) {
	t.Helper()
	_, stderr, err := e.v.CLIAs(e.ctx, token, nil, args...)
	require.Error(t, err, "vault %s should be denied", strings.Join(args, " "))
	require.Contains(t, stderr, "permission denied", "vault %s", strings.Join(args, " "))
}
