package kinds

import (
	"encoding/json"
	"regexp"
)

func init() {
	Register(&Kind{
		Name: "gcp",
		Description: "A GCP service-account key file, written as is (vault write .../secrets/gcp/x @key.json) " +
			"or as one string in credentials. creds/ adds credentials_json, the key file itself.",
		Fields: []Field{
			{Name: "type", Required: true, Description: `Key type; must be "service_account".`, Check: oneOf("service_account")},
			{Name: "project_id", Required: true, Description: "Project id.",
				Check: matches(regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z][a-z0-9.-]*:[a-z][a-z0-9-]{4,28}[a-z0-9]$`), "a GCP project id (6-30 lower-case letters, digits and hyphens)")},
			{Name: "private_key_id", Required: true, Description: "Key id.", Check: matches(regexp.MustCompile(`^[0-9a-f]{8,64}$`), "hexadecimal")},
			{Name: "private_key", Required: true, Sensitive: true, Description: "The PEM private key.", Check: isPEMPrivateKey},
			{Name: "client_email", Required: true, Description: "The service account's e-mail.", Check: isEmail},
			{Name: "client_id", Description: "The service account's numeric id.", Check: matches(regexp.MustCompile(`^[0-9]{1,32}$`), "digits")},
			{Name: "auth_uri", Description: "OAuth2 authorization URI."},
			{Name: "token_uri", Description: "OAuth2 token URI."},
			{Name: "auth_provider_x509_cert_url", Description: "Provider certificate URL."},
			{Name: "client_x509_cert_url", Description: "Client certificate URL."},
			{Name: "universe_domain", Description: "Universe domain (googleapis.com)."},
		},
		Expand: expandCredentialsJSON,
		Render: func(_ string, v Values) map[string]any {
			b, _ := json.Marshal(v) // a map of strings always marshals
			return map[string]any{"credentials_json": string(b)}
		},
		Example: map[string]any{
			"type":                        "service_account",
			"project_id":                  "ml-platform-prod",
			"private_key_id":              "0123456789abcdef0123456789abcdef01234567",
			"private_key":                 ExampleGCPPrivateKey,
			"client_email":                "deployer@ml-platform-prod.iam.gserviceaccount.com",
			"client_id":                   "123456789012345678901",
			"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
			"token_uri":                   "https://oauth2.googleapis.com/token",
			"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
			"client_x509_cert_url":        "https://www.googleapis.com/robot/v1/metadata/x509/deployer%40ml-platform-prod.iam.gserviceaccount.com",
			"universe_domain":             "googleapis.com",
		},
		Invalid: []Invalid{
			{"not a service account key", map[string]any{"type": "authorized_user"}, "type"},
			{"private key not PEM", map[string]any{"private_key": "MIIEvQIBADANBgkq"}, "private_key"},
			{"bad e-mail", map[string]any{"client_email": "deployer-at-example"}, "client_email"},
			{"project id with capitals", map[string]any{"project_id": "ML_Platform"}, "project_id"},
			{"credentials and fields together", map[string]any{"credentials": "{}"}, "credentials"},
			{"credentials not JSON", map[string]any{"credentials": "not json", "type": nil, "project_id": nil,
				"private_key_id": nil, "private_key": nil, "client_email": nil}, "credentials"},
			{"missing private key", map[string]any{"private_key": nil}, "private_key"},
		},
	})
}

// expandCredentialsJSON accepts the whole key file as one string in
// "credentials" and spreads it into the key file's own fields.
func expandCredentialsJSON(body map[string]any) (map[string]any, error) {
	raw, ok := body["credentials"]
	if !ok {
		return body, nil
	}
	if len(body) > 1 {
		return nil, conflict("credentials", "give the key file either whole in credentials or as its own fields, not both")
	}
	s, isString := raw.(string)
	var file map[string]any
	if !isString || json.Unmarshal([]byte(s), &file) != nil {
		return nil, invalid("credentials", "must be the service-account key file as a JSON string")
	}
	return file, nil
}
