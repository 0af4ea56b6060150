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
		doc := map[string]any{"auths": map[string]any{host: map[string]string{
			"username": user,
			"password": pass,
			"auth":     base64.StdEncoding.EncodeToString([]byte(user + ":" + pass)),
		}}}
		b, _ := json.Marshal(doc) // maps of strings always marshal
		return map[string]any{"dockerconfigjson": string(b)}
	}
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
