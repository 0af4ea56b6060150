package kinds

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestEveryExampleParses(t *testing.T) {
	for _, k := range All() {
		t.Run(k.Name, func(t *testing.T) {
			v, _, err := k.Parse(k.Example)
			require.NoError(t, err)
			require.NotEmpty(t, v)
		})
	}
}

func TestEveryCounterexampleIsRefusedNamingItsField(t *testing.T) {
	for _, k := range All() {
		minimum := 5
		if k.Name == "kubernetes" {
			minimum = 10
		}
		assert.GreaterOrEqual(t, len(k.Invalid), minimum, "kind %s needs more counterexamples", k.Name)
		for _, c := range k.Invalid {
			t.Run(k.Name+"/"+c.Why, func(t *testing.T) {
				_, _, err := k.Parse(WithPatch(k.Example, c.Patch))
				require.Error(t, err)
				var fe *FieldError
				require.True(t, errors.As(err, &fe), "want a *FieldError, got %T", err)
				assert.Equal(t, c.Field, fe.Field)
				assert.Contains(t, err.Error(), `"`+c.Field+`"`)
				for key, v := range c.Patch {
					if s, ok := v.(string); ok && k.IsSensitive(key) && len(s) > 3 {
						assert.NotContains(t, err.Error(), s, "error quotes a sensitive value")
					}
				}
			})
		}
	}
}

func TestUnknownFieldIsRefused(t *testing.T) {
	for _, k := range All() {
		if k.Open != nil {
			continue
		}
		_, _, err := k.Parse(WithPatch(k.Example, map[string]any{"surprise": "x"}))
		assert.ErrorIs(t, err, ErrUnknownField, k.Name)
	}
}

func TestMissingRequiredFieldIsRefused(t *testing.T) {
	for _, k := range All() {
		for _, f := range k.Fields {
			if !f.Required || f.Default != "" {
				continue
			}
			_, _, err := k.Parse(WithPatch(k.Example, map[string]any{f.Name: nil}))
			assert.ErrorIs(t, err, ErrMissing, "%s.%s", k.Name, f.Name)
		}
	}
}

func TestDefaultsApply(t *testing.T) {
	k, _ := Get("nvidia-nim")
	v, _, err := k.Parse(k.Example)
	require.NoError(t, err)
	assert.Equal(t, "$oauthtoken", v["username"])
	assert.Equal(t, "nvcr.io", v["server"])
}

func TestAzureCLIOutputIsAccepted(t *testing.T) {
	k, _ := Get("azure")
	v, _, err := k.Parse(map[string]any{
		"appId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "displayName": "ml", "password": "s3cret~x",
		"tenant": "66666666-7777-8888-9999-000000000000", "subscription_id": "11111111-2222-3333-4444-555555555555",
	})
	require.NoError(t, err)
	assert.Equal(t, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", v["client_id"])
	assert.Equal(t, "s3cret~x", v["client_secret"])
	assert.Equal(t, "AzurePublicCloud", v["environment"])
}

func TestGCPCredentialsStringIsExpanded(t *testing.T) {
	k, _ := Get("gcp")
	whole, _, err := k.Parse(k.Example)
	require.NoError(t, err)
	fromString, _, err := k.Parse(map[string]any{"credentials": k.Render("x", whole)["credentials_json"]})
	require.NoError(t, err)
	assert.Equal(t, whole, fromString)
}

func TestDockerHubPasswordWarns(t *testing.T) {
	k, _ := Get("dockerhub")
	_, warnings, err := k.Parse(WithPatch(k.Example, map[string]any{"token": "hunter2hunter2"}))
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.NotContains(t, warnings[0], "hunter2")
	_, warnings, _ = k.Parse(k.Example)
	assert.Empty(t, warnings)
}

func TestGenericStoresScalarsAsStrings(t *testing.T) {
	k, _ := Get("generic")
	v, _, err := k.Parse(map[string]any{"A": 3, "B": true, "C": 1.5, "D": "x"})
	require.NoError(t, err)
	assert.Equal(t, Values{"A": "3", "B": "true", "C": "1.5", "D": "x"}, v)
}

func TestDockerConfigAuthDecodes(t *testing.T) {
	for _, k := range All() {
		v, _, err := k.Parse(k.Example)
		require.NoError(t, err)
		if k.Render == nil {
			continue
		}
		out := k.Render("prod", v)
		s, ok := out["dockerconfigjson"].(string)
		if !ok {
			continue
		}
		var cfg struct {
			Auths map[string]struct{ Username, Password, Auth string }
		}
		require.NoError(t, json.Unmarshal([]byte(s), &cfg), k.Name)
		require.Len(t, cfg.Auths, 1, k.Name)
		// Compact, with keys in sorted order: what marshalling maps gives.
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &doc))
		canonical, err := json.Marshal(doc)
		require.NoError(t, err)
		assert.Equal(t, string(canonical), s, k.Name)
		for server, a := range cfg.Auths {
			if k.Name == "dockerhub" {
				assert.Equal(t, DockerHubServer, server)
			} else {
				assert.Equal(t, v["server"], server)
			}
			auth, err := base64.StdEncoding.DecodeString(a.Auth)
			require.NoError(t, err)
			assert.Equal(t, v["username"]+":"+a.Password, string(auth), k.Name)
			assert.NotEmpty(t, a.Password)
		}
	}
}

func TestKubeconfigParses(t *testing.T) {
	for _, name := range []string{"kubernetes", "oci"} {
		k, _ := Get(name)
		for _, body := range []map[string]any{
			k.Example,
			WithPatch(k.Example, map[string]any{"token": nil, "client_certificate_data": ExampleClientCert, "client_key_data": ExampleClientKey}),
			WithPatch(k.Example, map[string]any{"certificate_authority_data": nil, "insecure_skip_tls_verify": true}),
		} {
			v, _, err := k.Parse(body)
			require.NoError(t, err)
			var cfg struct {
				Clusters []struct {
					Name    string
					Cluster map[string]any
				}
				Users []struct {
					Name string
					User map[string]string
				}
				Contexts []struct {
					Context map[string]string
				}
				Current string `yaml:"current-context"`
			}
			require.NoError(t, yaml.Unmarshal([]byte(k.Render("prod", v)["kubeconfig"].(string)), &cfg))
			require.Len(t, cfg.Clusters, 1)
			require.Len(t, cfg.Users, 1)
			assert.Equal(t, v["server"], cfg.Clusters[0].Cluster["server"])
			assert.Equal(t, "prod", cfg.Current)
			assert.Equal(t, v["token"], cfg.Users[0].User["token"])
			assert.Equal(t, v["client_key_data"], cfg.Users[0].User["client-key-data"])
			if v["insecure_skip_tls_verify"] == "true" {
				assert.Equal(t, true, cfg.Clusters[0].Cluster["insecure-skip-tls-verify"])
			}
			assert.Equal(t, v["namespace"], cfg.Contexts[0].Context["namespace"])
		}
	}
}

func TestSensitiveValuesAreMasked(t *testing.T) {
	for _, k := range All() {
		v, _, err := k.Parse(k.Example)
		require.NoError(t, err)
		masked := k.Output(v, true)
		for key, s := range v {
			if k.IsSensitive(key) {
				assert.Equal(t, Placeholder, masked[key])
			} else if !strings.Contains(s, Placeholder) {
				assert.NotEqual(t, Placeholder, masked[key])
			}
		}
	}
}
