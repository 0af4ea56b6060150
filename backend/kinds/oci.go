package kinds

import "regexp"

func init() {
	fields := append(clusterFields(),
		Field{Name: "region", Required: true, Description: "OCI region identifier, such as us-ashburn-1.",
			Check: matches(regexp.MustCompile(`^[a-z]{2,}(-[a-z]+)+-[0-9]+$`), "an OCI region identifier such as us-ashburn-1")},
		Field{Name: "cluster_id", Description: "The cluster's OCID (ocid1.cluster....).",
			Check: matches(regexp.MustCompile(`^ocid1\.cluster\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$`), "an OCI cluster OCID such as ocid1.cluster.oc1.iad.aaaa...")},
	)
	Register(&Kind{
		Name:        "oci",
		Description: "An Oracle Cloud (OKE) cluster reached with a token or a client certificate (not both). creds/ adds kubeconfig.",
		Fields:      fields,
		Validate:    validateCluster,
		Render:      kubeconfig,
		Example: map[string]any{
			"server":                     "https://10.0.0.10:6443",
			"certificate_authority_data": ExampleCA,
			"token":                      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJva2UtZGVwbG95ZXIifQ.c2lnbmF0dXJl",
			"region":                     "us-ashburn-1",
			"cluster_id":                 "ocid1.cluster.oc1.iad.aaaaaaaaexampleclusterid0123456789",
		},
		Invalid: append(clusterInvalid(),
			Invalid{"region missing", map[string]any{"region": nil}, "region"},
			Invalid{"region syntax", map[string]any{"region": "Ashburn"}, "region"},
			Invalid{"OCID of another resource", map[string]any{"cluster_id": "ocid1.instance.oc1.iad.aaaa"}, "cluster_id"},
		),
	})
}
