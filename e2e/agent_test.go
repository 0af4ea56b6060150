//go:build e2e

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// testAgent runs Vault Agent one-shot with exactly the files in
// bootstrap/agent/ (the README shows them), authenticated by a consumer token
// limited to creds/app-*, and checks each rendered file.
func (e *env) testAgent(t *testing.T) {
	registry := e.writeExample(t, "dockerhub", "app-registry")
	cluster := e.writeExample(t, "kubernetes", "app-cluster")
	hf := e.writeExample(t, "huggingface", "app-hf")
	tok := e.policyToken(t, "integrations-consumer-agent", e.consumerPolicy(t, "app-*"))

	dir := filepath.Join(e.work, "agent")
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join(e.root, "bootstrap", "agent"))))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "token"), []byte(tok), 0o600))
	out, err := e.v.RunAgent(e.ctx, dir, "agent.hcl")
	require.NoError(t, err)
	for _, k := range []*kinds.Kind{registry, cluster, hf} {
		for key, val := range k.Example {
			if k.IsSensitive(key) {
				assert.NotContains(t, out, str(val), "the agent's log shows %s of %s", key, k.Name)
			}
		}
	}

	t.Run("docker config.json", func(t *testing.T) {
		b := readRendered(t, dir, "out/docker/config.json")
		var cfg struct {
			Auths map[string]struct{ Username, Password, Auth string } `json:"auths"`
		}
		require.NoError(t, json.Unmarshal(b, &cfg), "%s", b)
		entry, ok := cfg.Auths[kinds.DockerHubServer]
		require.True(t, ok, "no auth for %s in %s", kinds.DockerHubServer, b)
		user, token := registry.Example["username"], registry.Example["token"]
		auth, err := base64.StdEncoding.DecodeString(entry.Auth)
		require.NoError(t, err)
		assert.Equal(t, str(user)+":"+str(token), string(auth))
		assert.Equal(t, user, entry.Username)
		assert.Equal(t, token, entry.Password)
		e.remember(entry.Auth)
	})

	t.Run("kubeconfig", func(t *testing.T) {
		b := readRendered(t, dir, "out/kubeconfig")
		var kc struct {
			Kind     string `yaml:"kind"`
			Clusters []struct {
				Name    string `yaml:"name"`
				Cluster struct {
					Server string `yaml:"server"`
					CA     string `yaml:"certificate-authority-data"`
				} `yaml:"cluster"`
			} `yaml:"clusters"`
			Users []struct {
				Name string `yaml:"name"`
				User struct {
					Token string `yaml:"token"`
				} `yaml:"user"`
			} `yaml:"users"`
			Contexts []struct {
				Name    string `yaml:"name"`
				Context struct {
					Cluster, User, Namespace string
				} `yaml:"context"`
			} `yaml:"contexts"`
			CurrentContext string `yaml:"current-context"`
		}
		require.NoError(t, yaml.Unmarshal(b, &kc), "%s", b)
		assert.Equal(t, "Config", kc.Kind)
		require.Len(t, kc.Clusters, 1)
		require.Len(t, kc.Users, 1)
		require.Len(t, kc.Contexts, 1)
		assert.Equal(t, cluster.Example["server"], kc.Clusters[0].Cluster.Server)
		assert.Equal(t, cluster.Example["certificate_authority_data"], kc.Clusters[0].Cluster.CA)
		assert.Equal(t, cluster.Example["token"], kc.Users[0].User.Token)
		ctx := kc.Contexts[0]
		assert.Equal(t, kc.CurrentContext, ctx.Name)
		assert.Equal(t, kc.Clusters[0].Name, ctx.Context.Cluster)
		assert.Equal(t, kc.Users[0].Name, ctx.Context.User)
		assert.Equal(t, cluster.Example["namespace"], ctx.Context.Namespace)
	})

	t.Run("env file", func(t *testing.T) {
		b := readRendered(t, dir, "out/hf.env")
		assert.Equal(t, "HF_TOKEN="+str(hf.Example["token"])+"\n", string(b))
	})
}

// readRendered reads a file the Agent wrote, which only its owner may read.
func readRendered(t *testing.T, dir, file string) []byte {
	t.Helper()
	p := filepath.Join(dir, file)
	st, err := os.Stat(p)
	require.NoError(t, err, "the agent did not render %s", file)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "%s permissions", file)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return b
}
