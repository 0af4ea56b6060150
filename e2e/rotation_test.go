//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/seaweed"
)

// rotationSetup starts SeaweedFS (the IAM/STS endpoint) and a dev Vault with
// the plugin, points the mount's config at SeaweedFS, creates an IAM user
// and stores its key as integrations/secrets/aws/<name> with the CLI.
func rotationSetup(t *testing.T, name string, extra ...string) (*seaweed.Server, *devvault.Vault, string, string) {
	t.Helper()
	ctx := context.Background()
	weed := seaweed.StartT(t)
	v := devvault.StartT(t, devvault.Options{LogLevel: "trace", Audit: true})
	cli(t, v, "write", "integrations/config", "aws_iam_endpoint="+weed.URL, "aws_sts_endpoint="+weed.URL)
	id, secret, err := weed.CreateUser(ctx, name)
	require.NoError(t, err)
	cli(t, v, append([]string{"write", "integrations/secrets/aws/" + name, "access_key_id=" + id, "secret_access_key=" + secret}, extra...)...)
	return weed, v, id, secret
}

func cli(t *testing.T, v *devvault.Vault, args ...string) string {
	t.Helper()
	out, errOut, err := v.CLI(context.Background(), nil, args...)
	require.NoError(t, err, "stderr: %s", errOut)
	return out
}

// readJSON runs `vault read -format=json path` and returns its data.
func readJSON(t *testing.T, v *devvault.Vault, path string) map[string]any {
	t.Helper()
	var out struct{ Data map[string]any }
	require.NoError(t, json.Unmarshal([]byte(cli(t, v, "read", "-format=json", path)), &out))
	return out.Data
}

func TestRotateWithTheCLI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	weed, v, oldID, oldSecret := rotationSetup(t, "app")
	arn, err := weed.CallerARN(ctx, oldID, oldSecret)
	require.NoError(t, err)

	out := cli(t, v, "write", "-f", "integrations/rotate/app")
	assert.NotContains(t, out, oldSecret)
	creds := readJSON(t, v, "integrations/creds/app")
	newID, newSecret := creds["access_key_id"].(string), creds["secret_access_key"].(string)
	assert.NotEqual(t, oldID, newID)
	assert.Contains(t, out, newID, "rotate/ shows the new key id")
	assert.NotContains(t, out, newSecret, "but never its secret")

	got, err := weed.CallerARN(ctx, newID, newSecret)
	require.NoError(t, err)
	assert.Equal(t, arn, got)
	_, err = weed.CallerARN(ctx, oldID, oldSecret)
	assert.Error(t, err, "the old key is deleted")
	ids, err := weed.KeyIDs(ctx, "app")
	require.NoError(t, err)
	assert.Equal(t, []string{newID}, ids)

	meta := readJSON(t, v, "integrations/secrets/aws/app")
	assert.EqualValues(t, 2, meta["version"])
	assert.NotEmpty(t, meta["last_rotated"])
	assert.Equal(t, "", meta["last_rotation_error"])

	// Neither key's secret reaches the server log (at trace level), and the
	// audit log holds only HMACs of them.
	for _, f := range []string{v.LogPath, v.AuditPath} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NotContains(t, string(b), oldSecret, f)
		assert.NotContains(t, string(b), newSecret, f)
	}

	// A kind that cannot rotate is a 400 with a clear message.
	cli(t, v, "write", "integrations/secrets/huggingface/hub", "token=hf_abcdefghijklmnop")
	_, errOut, err := v.CLI(ctx, nil, "write", "-f", "integrations/rotate/hub")
	require.Error(t, err)
	assert.Contains(t, errOut, "Code: 400")
	assert.Contains(t, errOut, "cannot rotate")
}

// TestScheduledRotationReRendersAgent stores a key with a one-minute
// rotation_period, reloads the plugin (its schedule is in storage), and waits
// for Vault's periodic call to rotate it by itself, while a long-running Vault
// Agent renders creds/<name>: the agent must render the new key after the
// rotation, on the ttl creds/ gives it, not on its five-minute default.
func TestScheduledRotationReRendersAgent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	weed, v, oldID, _ := rotationSetup(t, "app-aws", "rotation_period=1m")
	// A new plugin process: what is scheduled must come from storage.
	before, err := v.PluginPIDs()
	require.NoError(t, err)
	cli(t, v, "plugin", "reload", "-type=secret", "-plugin="+devvault.PluginName)
	readJSON(t, v, "integrations/secrets/aws/app-aws")
	after, err := v.PluginPIDs()
	require.NoError(t, err)
	require.NotEmpty(t, after)
	assert.NotEqual(t, before, after, "the reload starts a new plugin process")

	// The AWS credentials-file template the README shows, from bootstrap/agent/.
	root, err := devvault.ModuleRoot()
	require.NoError(t, err)
	tmpl, err := os.ReadFile(filepath.Join(root, "bootstrap", "agent", "aws-credentials.ctmpl"))
	require.NoError(t, err)
	rendered := startAgent(t, v, string(tmpl))
	first := waitFor(t, 2*time.Minute, func() (string, bool) {
		id, _ := credentialsFile(rendered())
		return id, id != ""
	})
	assert.Equal(t, oldID, first, "the agent renders the stored key first")

	// Vault calls the periodic function about once a minute; the key is due a
	// minute after it was written, so it rotates within about two.
	newID := waitFor(t, 4*time.Minute, func() (string, bool) {
		id := readJSON(t, v, "integrations/creds/app-aws")["access_key_id"].(string)
		return id, id != oldID
	})
	meta := readJSON(t, v, "integrations/secrets/aws/app-aws")
	assert.EqualValues(t, 2, meta["version"])
	assert.Equal(t, "", meta["last_rotation_error"])
	assert.NotEmpty(t, meta["next_rotation"])

	var renderedSecret string
	renderedID := waitFor(t, 90*time.Second, func() (string, bool) {
		id, secret := credentialsFile(rendered())
		renderedSecret = secret
		return id, id != "" && id != oldID
	})
	// The agent may already be a rotation further on; whatever it shows must work.
	t.Logf("agent re-rendered %s (rotated to %s)", renderedID, newID)
	arn, err := weed.CallerARN(ctx, renderedID, renderedSecret)
	require.NoError(t, err, "the re-rendered key works")
	assert.Contains(t, arn, ":user/app-aws")
	assert.Contains(t, rendered(), "region = us-east-1")
	ids, err := weed.KeyIDs(ctx, "app-aws")
	require.NoError(t, err)
	assert.Len(t, ids, 1, "the old key was deleted")
}

// credentialsFile reads the key pair out of a rendered AWS credentials file
// ("" when the file is not there yet).
func credentialsFile(s string) (id, secret string) {
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, " = ")
		switch {
		case !ok:
		case k == "aws_access_key_id":
			id = v
		case k == "aws_secret_access_key":
			secret = v
		}
	}
	return id, secret
}

// startAgent runs a long-running Vault Agent (not one-shot) rendering tmpl
// into a file, and returns a function that reads the file ("" until it exists).
func startAgent(t *testing.T, v *devvault.Vault, tmpl string) func() string {
	t.Helper()
	dir := t.TempDir()
	tokenFile, src, dest := filepath.Join(dir, "token"), filepath.Join(dir, "creds.ctmpl"), filepath.Join(dir, "creds.txt")
	require.NoError(t, os.WriteFile(tokenFile, []byte(v.Token), 0o600))
	require.NoError(t, os.WriteFile(src, []byte(tmpl), 0o600))
	config := filepath.Join(dir, "agent.hcl")
	require.NoError(t, os.WriteFile(config, []byte(`
auto_auth {
  method "token_file" {
    config = { token_file_path = "`+tokenFile+`" }
  }
}
template {
  source      = "`+src+`"
  destination = "`+dest+`"
}
`), 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, v.VaultBin, "agent", "-config="+config)
	cmd.Env = []string{"VAULT_ADDR=" + v.URL()}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VAULT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	logFile, err := os.Create(filepath.Join(dir, "agent.log"))
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		logFile.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logFile.Name())
			t.Logf("agent log:\n%s", b)
		}
	})
	return func() string {
		b, _ := os.ReadFile(dest)
		return strings.TrimSpace(string(b))
	}
}

// waitFor polls cond every second until it holds or the deadline passes,
// and returns the value it last saw.
func waitFor(t *testing.T, deadline time.Duration, cond func() (string, bool)) string {
	t.Helper()
	stop := time.Now().Add(deadline)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		v, ok := cond()
		if ok {
			return v
		}
		if time.Now().After(stop) {
			// Only the first field: a rendered line also holds the secret.
			first, _, _ := strings.Cut(v, " ")
			t.Fatalf("condition not met within %s (last value %q)", deadline, first)
		}
		<-tick.C
	}
}
