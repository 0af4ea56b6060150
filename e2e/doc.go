// Package e2e holds the end-to-end tests: a real Vault server (internal/devvault)
// with the plugin mounted, driven through the vault CLI, the HTTP API, ACL
// policies, a file audit device and Vault Agent. They are behind the e2e
// build tag so that `go test ./...` stays fast; `make e2e` (and `make test`)
// runs them: go test -count=1 -tags e2e ./e2e/...
package e2e
