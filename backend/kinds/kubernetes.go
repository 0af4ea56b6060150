package kinds

func init() {
	Register(&Kind{
		Name:        "kubernetes",
		Description: "A Kubernetes cluster reached with a service-account token or a client certificate (not both). creds/ adds kubeconfig.",
		Fields:      clusterFields(),
		Validate:    validateCluster,
		Render:      kubeconfig,
		Example: map[string]any{
			"server":                     "https://k8s.example.com:6443",
			"certificate_authority_data": ExampleCA,
			"namespace":                  "ml-serving",
			"token":                      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bWwtc2VydmluZzpkZXBsb3llciJ9.c2lnbmF0dXJl",
		},
		Invalid: clusterInvalid(),
	})
}
