package kinds

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// dockerConfig renders a registry credential as a .docker/config.json
// (dockerconfigjson) document. server is fixed when serverField is empty.
func dockerConfig(server, serverField, userField, passField string) func(string, Values) map[string]any {
	return func(_ string, v Values) map[string]any {
		host := server
		if serverField != "" {
			host = v[serverField]
		}
		user, pass := v[userField], v[passField]
		doc := dockerConfigDoc{Auths: map[string]dockerAuth{host: {
			Auth:     base64.StdEncoding.EncodeToString([]byte(user + ":" + pass)),
			Password: pass,
			Username: user,
		}}}
		b, _ := json.Marshal(doc) // strings always marshal
		return map[string]any{"dockerconfigjson": string(b)}
	}
}

// dockerConfigDoc is a .docker/config.json. Structs rather than maps because
// creds/ renders one on every read of a registry secret, and nested maps cost
// several times the allocations; the fields are in the order that sorted map
// keys gave, so the document is byte for byte what it was.
type dockerConfigDoc struct {
	Auths map[string]dockerAuth `json:"auths"`
}

type dockerAuth struct {
	Auth     string `json:"auth"`
	Password string `json:"password"`
	Username string `json:"username"`
}

// kubeconfig renders a cluster credential as a kubeconfig with one cluster,
// one user and one context, set as current. Every scalar is written as a JSON
// string, which is a valid YAML double-quoted scalar, so no value can break
// the document's structure.
// The secret's name names the cluster, user and context.
func kubeconfig(name string, v Values) map[string]any {
	{
		q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
		var sb strings.Builder
		w := func(lines ...string) {
			for _, l := range lines {
				sb.WriteString(l)
				sb.WriteByte('\n')
			}
		}
		w("apiVersion: v1", "kind: Config", "clusters:", "- name: "+q(name), "  cluster:", "    server: "+q(v["server"]))
		if ca := v["certificate_authority_data"]; ca != "" {
			w("    certificate-authority-data: " + q(ca))
		}
		if v["insecure_skip_tls_verify"] == "true" {
			w("    insecure-skip-tls-verify: true")
		}
		w("users:", "- name: "+q(name), "  user:")
		if tok := v["token"]; tok != "" {
			w("    token: " + q(tok))
		} else {
			w("    client-certificate-data: "+q(v["client_certificate_data"]), "    client-key-data: "+q(v["client_key_data"]))
		}
		w("contexts:", "- name: "+q(name), "  context:", "    cluster: "+q(name), "    user: "+q(name))
		if ns := v["namespace"]; ns != "" {
			w("    namespace: " + q(ns))
		}
		w("current-context: " + q(name))
		return map[string]any{"kubeconfig": sb.String()}
	}
}
