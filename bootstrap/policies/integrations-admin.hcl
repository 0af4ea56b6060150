# integrations-admin: everything under the integrations/ mount (write and
# manage secrets, read them whole, rotate, configure). For operators.
path "integrations/*" {
  capabilities = ["create", "read", "update", "patch", "delete", "list"]
}
