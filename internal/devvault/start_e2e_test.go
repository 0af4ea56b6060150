//go:build e2e

package devvault

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartServesThePlugin starts a real server and checks what the harness
// promises: the plugin mounted and registered by SHA-256, the audit device,
// the CLI, the plugin's pids, a one-shot Agent render, and a Stop that leaves
// no process and no temp dir behind.
func TestStartServesThePlugin(t *testing.T) {
	ctx := context.Background()
	v, err := Start(ctx, Options{Audit: true})
	require.NoError(t, err)
	stopped := false
	defer func() {
		if !stopped {
			_ = v.Stop()
		}
	}()

	mounts, err := v.Client.Sys().ListMountsWithContext(ctx)
	require.NoError(t, err)
	require.Contains(t, mounts, "integrations/")
	assert.Equal(t, PluginName, mounts["integrations/"].Type)

	plugin, err := v.Client.Sys().GetPluginWithContext(ctx, &api.GetPluginInput{Name: PluginName, Type: api.PluginTypeSecrets})
	require.NoError(t, err)
	assert.Equal(t, v.PluginSHA256, plugin.SHA256)

	out, _, err := v.CLI(ctx, nil, "write", "integrations/secrets/huggingface/app-hf", "token=hf_devvaultSmokeToken")
	require.NoError(t, err, out)
	out, _, err = v.CLI(ctx, nil, "read", "-field=token", "integrations/creds/app-hf")
	require.NoError(t, err)
	assert.Equal(t, "hf_devvaultSmokeToken", strings.TrimSpace(out))
	_, stderr, err := v.CLIAs(ctx, "not-a-token", nil, "read", "integrations/creds/app-hf")
	require.Error(t, err)
	assert.Contains(t, stderr, "permission denied")

	pids, err := v.PluginPIDs()
	require.NoError(t, err)
	require.NotEmpty(t, pids, "the mounted plugin runs as a child of the server")

	files, err := v.RenderAgent(ctx, map[string]string{
		"hf.env": `{{ with secret "integrations/creds/app-hf" }}HF_TOKEN={{ .Data.token }}{{ end }}`,
	}, v.Token)
	require.NoError(t, err)
	assert.Equal(t, "HF_TOKEN=hf_devvaultSmokeToken", files["hf.env"])

	audit, err := os.ReadFile(v.AuditPath)
	require.NoError(t, err)
	assert.Contains(t, string(audit), "creds/app-hf")

	dir := v.Dir
	require.NoError(t, v.Stop())
	stopped = true
	require.NoError(t, v.Stop(), "Stop twice is fine")
	assert.NoDirExists(t, dir)
	for _, pid := range pids {
		assert.ErrorIs(t, syscall.Kill(pid, 0), syscall.ESRCH, "plugin pid %d outlived the server", pid)
	}
}

func TestStartRefusesABusyAddress(t *testing.T) {
	v := StartT(t, Options{})
	_, err := Start(context.Background(), Options{Addr: v.Addr})
	require.ErrorIs(t, err, ErrAddrInUse)
}

func TestStartKeepsAGivenDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Start(context.Background(), Options{Dir: dir})
	require.NoError(t, err)
	require.NoError(t, v.Stop())
	assert.FileExists(t, filepath.Join(dir, "vault.log"))
}
