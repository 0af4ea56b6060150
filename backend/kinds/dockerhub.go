package kinds

import (
	"regexp"
	"strings"
)

// DockerHubServer is the key Docker uses for Docker Hub in config.json.
const DockerHubServer = "https://index.docker.io/v1/"

func init() {
	Register(&Kind{
		Name:        "dockerhub",
		Description: "A Docker Hub user (or organization) and access token. creds/ adds dockerconfigjson.",
		Fields: []Field{
			{Name: "username", Required: true, Description: "Docker ID.",
				Check: matches(regexp.MustCompile(`^[a-z0-9]{4,30}$`), "a Docker ID: 4 to 30 lower-case letters and digits")},
			{Name: "token", Required: true, Sensitive: true, Description: "Personal or organization access token (dckr_pat_..., dckr_oat_...).", Check: noWhitespace},
		},
		Warnings: func(v Values) []string {
			if t := v["token"]; !strings.HasPrefix(t, "dckr_pat_") && !strings.HasPrefix(t, "dckr_oat_") {
				return []string{`field "token" does not look like a Docker Hub access token (dckr_pat_ or dckr_oat_); use an access token, not the account password`}
			}
			return nil
		},
		Render: dockerConfig(DockerHubServer, "", "username", "token"),
		Example: map[string]any{
			"username": "mlplatform",
			"token":    "dckr_pat_2YotnFZFEjr1zCsicMWpAA",
		},
		Invalid: []Invalid{
			{"upper-case Docker ID", map[string]any{"username": "MLPlatform"}, "username"},
			{"e-mail as Docker ID", map[string]any{"username": "me@example.com"}, "username"},
			{"too short", map[string]any{"username": "abc"}, "username"},
			{"token with space", map[string]any{"token": "dckr_pat_ abc"}, "token"},
			{"missing token", map[string]any{"token": nil}, "token"},
			{"unknown field", map[string]any{"password": "hunter2"}, "password"},
		},
	})
}
