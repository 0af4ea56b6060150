# integrations-consumer: read the usable credentials under creds/ and nothing
# else (no secrets/, no writes). For workloads and Vault Agent. Narrow it to
# the names a workload needs, e.g. "integrations/creds/app-*".
path "integrations/creds/*" {
  capabilities = ["read"]
}
