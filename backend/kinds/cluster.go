package kinds

import "regexp"

// Shared by kubernetes and oci: a cluster reached with a token or a client
// certificate ("use either token-based or certificate-based authentication,
// not both").

func clusterFields() []Field {
	return []Field{
		{Name: "server", Required: true, Description: "API server URL (https://host:port).", Check: isHTTPSURL},
		{Name: "certificate_authority_data", Description: "Base64 PEM CA bundle of the API server.", Check: isBase64Certificates},
		{Name: "insecure_skip_tls_verify", Type: Bool, Description: "Skip TLS verification (not with certificate_authority_data)."},
		{Name: "namespace", Description: "Default namespace.",
			Check: matches(regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`), "a Kubernetes namespace (DNS label)")},
		{Name: "token", Sensitive: true, Description: "Token-based: a service-account bearer token.", Check: noWhitespace},
		{Name: "client_certificate_data", Description: "Certificate-based: base64 PEM client certificate.", Check: isBase64Certificates},
		{Name: "client_key_data", Sensitive: true, Description: "Certificate-based: base64 PEM private key of the client certificate.", Check: isBase64PrivateKey},
	}
}

func validateCluster(v Values) error {
	hasToken := v["token"] != ""
	hasCert, hasKey := v["client_certificate_data"] != "", v["client_key_data"] != ""
	switch {
	case hasToken && (hasCert || hasKey):
		return conflict("token", "use either token-based or certificate-based authentication, not both: remove token or client_certificate_data/client_key_data")
	case !hasToken && !hasCert && !hasKey:
		return &FieldError{Field: "token", Err: ErrMissing, Detail: "give token (token-based) or client_certificate_data with client_key_data (certificate-based)"}
	case hasCert && !hasKey:
		return &FieldError{Field: "client_key_data", Err: ErrMissing, Detail: "is required with client_certificate_data"}
	case hasKey && !hasCert:
		return &FieldError{Field: "client_certificate_data", Err: ErrMissing, Detail: "is required with client_key_data"}
	case hasCert:
		if err := keyMatchesCertificate(v["client_certificate_data"], v["client_key_data"]); err != nil {
			return invalid("client_key_data", "%s", err.Error())
		}
	}
	if v["certificate_authority_data"] != "" && v["insecure_skip_tls_verify"] == "true" {
		return conflict("insecure_skip_tls_verify", "cannot be true with certificate_authority_data; give one or the other")
	}
	return nil
}

// clusterInvalid are counterexamples every cluster kind must refuse.
func clusterInvalid() []Invalid {
	return []Invalid{
		{"token and certificate together", map[string]any{"client_certificate_data": ExampleClientCert, "client_key_data": ExampleClientKey}, "token"},
		{"no credentials at all", map[string]any{"token": nil}, "token"},
		{"certificate without key", map[string]any{"token": nil, "client_certificate_data": ExampleClientCert}, "client_key_data"},
		{"key without certificate", map[string]any{"token": nil, "client_key_data": ExampleClientKey}, "client_certificate_data"},
		{"key that is not the certificate's", map[string]any{"token": nil, "client_certificate_data": ExampleCA, "client_key_data": ExampleClientKey}, "client_key_data"},
		{"plain http server", map[string]any{"server": "http://cluster.example.com:6443"}, "server"},
		{"server without scheme", map[string]any{"server": "cluster.example.com:6443"}, "server"},
		{"CA not base64", map[string]any{"certificate_authority_data": "-----BEGIN CERTIFICATE-----"}, "certificate_authority_data"},
		{"CA base64 of non-PEM", map[string]any{"certificate_authority_data": "aGVsbG8gd29ybGQ="}, "certificate_authority_data"},
		{"CA holds a key", map[string]any{"certificate_authority_data": ExampleClientKey}, "certificate_authority_data"},
		{"CA and skip-verify together", map[string]any{"insecure_skip_tls_verify": true}, "insecure_skip_tls_verify"},
		{"skip-verify not a boolean", map[string]any{"insecure_skip_tls_verify": "sometimes"}, "insecure_skip_tls_verify"},
		{"client key not a key", map[string]any{"token": nil, "client_certificate_data": ExampleClientCert, "client_key_data": ExampleCA}, "client_key_data"},
		{"namespace with capitals", map[string]any{"namespace": "ML-Serving"}, "namespace"},
		{"token with newline", map[string]any{"token": "eyJhbGciOi\nJSUzI1NiJ9"}, "token"},
	}
}
