//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/bench"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

// TestBenchQuick runs the benchmark harness (make bench) in its quick mode
// against its own Vault, so the harness cannot rot. It checks only that the
// run is sane (every scenario served requests, none failed, the plugin's
// memory was read, the data sets were loaded whole); speed is the benchmark's
// business, not a test's.
func TestBenchQuick(t *testing.T) {
	v := devvault.StartT(t, devvault.Options{})
	c := bench.Quick()
	res, err := bench.Run(context.Background(), bench.TargetOf(v), c)
	require.NoError(t, err)

	require.Len(t, res.Steps, len(c.Sizes))
	assert.Positive(t, res.BaselineRSS)
	for i, st := range res.Steps {
		assert.Equal(t, c.Sizes[i], st.Secrets)
		assert.Positive(t, st.LoadedRSS, "plugin RSS after loading %d", st.Secrets)
		assert.GreaterOrEqual(t, st.RSS, st.LoadedRSS)
		assert.Positive(t, st.ServerRSS, "Vault RSS at %d", st.Secrets)
		assert.Positive(t, st.LoadPlugin.RPS)
		assert.Positive(t, st.LoadKV.RPS)
		require.Len(t, st.Pairs, 3)
		for _, p := range st.Pairs {
			for side, m := range map[string]bench.Measure{"plugin": p.Plugin, "KV v2": p.KV} {
				assert.Positive(t, m.Requests, "%s %s at %d", side, p.Scenario, st.Secrets)
				assert.Zero(t, m.Errors, "%s %s at %d: %s", side, p.Scenario, st.Secrets, m.FirstError)
				assert.Positive(t, m.RPS)
				assert.Positive(t, m.P50)
				assert.GreaterOrEqual(t, m.P99, m.P50)
			}
			assert.Positive(t, p.Ratio())
			assert.Positive(t, p.PluginRSS, "plugin RSS after %s", p.Scenario)
		}
	}
	var table, md bytes.Buffer
	bench.Table(&table, res)
	bench.Markdown(&md, res, bench.Meta{Machine: bench.ReadMachine(), Command: "test"})
	assert.Contains(t, table.String(), "creds/ throughput vs KV v2 reads")
	assert.Contains(t, md.String(), "| 500 | read: `creds/<name>`")
	assert.Contains(t, md.String(), "No request failed.")
}
