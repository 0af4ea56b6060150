//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// testNoLeaks runs last: no sensitive value written during the run, in any
// spelling a log would use, appears in the audit file or in Vault's log. So
// that it can fail for the right reason, it first proves that the audit file
// holds the run's requests, including the HMAC of a known secret.
func (e *env) testNoLeaks(t *testing.T) {
	audit, err := os.ReadFile(e.v.AuditPath)
	require.NoError(t, err)
	vaultLog, err := os.ReadFile(e.v.LogPath)
	require.NoError(t, err)

	paths := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(audit))
	sc.Buffer(nil, 16<<20)
	lines := 0
	for sc.Scan() {
		var entry struct {
			Type    string `json:"type"`
			Request struct {
				Path string `json:"path"`
			} `json:"request"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &entry), "audit line is not JSON")
		paths[entry.Request.Path] = true
		lines++
	}
	require.NoError(t, sc.Err())
	t.Logf("audit file: %d entries, %d bytes; vault log: %d bytes; %d sensitive values", lines, len(audit), len(vaultLog), len(e.sensitive))
	for _, k := range kinds.All() {
		assert.True(t, paths[e.mount("secrets/"+k.Name+"/"+exampleName("cli", k))], "audit has no request for %s", k.Name)
		assert.True(t, paths[e.mount("creds/"+exampleName("cli", k))], "audit has no creds read for %s", k.Name)
	}
	require.NotEmpty(t, e.sensitive)

	// The audit device HMACs values: the hash of a secret the run wrote is there.
	hf, _ := kinds.Get("huggingface")
	hash, err := e.v.Client.Sys().AuditHashWithContext(e.ctx, "file", str(hf.Example["token"]))
	require.NoError(t, err)
	assert.Contains(t, string(audit), hash, "the audit file holds the HMAC of the token written")

	for value := range e.sensitive {
		for _, needle := range spellings(value) {
			assert.False(t, bytes.Contains(audit, []byte(needle)), "a sensitive value (%d chars, starting %.4q) is in the audit file", len(value), value)
			assert.False(t, bytes.Contains(vaultLog, []byte(needle)), "a sensitive value (%d chars, starting %.4q) is in Vault's log", len(value), value)
		}
	}
}

// spellings are the forms in which a value would appear in a log: as is,
// JSON-escaped, and each long line of a multi-line value (a PEM key).
func spellings(value string) []string {
	out := []string{value}
	if b, _ := json.Marshal(value); string(b[1:len(b)-1]) != value {
		out = append(out, string(b[1:len(b)-1]))
	}
	if strings.Contains(value, "\n") {
		for _, line := range strings.Split(value, "\n") {
			if len(line) >= 20 && !strings.HasPrefix(line, "-----") {
				out = append(out, line)
			}
		}
	}
	return out
}
