//go:build e2e

package e2e

import (
	"context"
	"testing"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

// TestE2E runs every end-to-end check against one Vault, then checks the
// audit file and Vault's own log for every sensitive value the run wrote. The
// subtests run in order: the audit check must come last.
func TestE2E(t *testing.T) {
	root, err := devvault.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	// trace logs the most, so the leak check below covers the most.
	v := devvault.StartT(t, devvault.Options{Audit: true, LogLevel: "trace"})
	e := &env{v: v, root: root, work: t.TempDir(), ctx: context.Background(), sensitive: map[string]bool{}}

	t.Run("kinds through the CLI", e.testKindsCLI)
	t.Run("kinds through the HTTP API", e.testKindsHTTP)
	t.Run("bad bodies through the CLI", e.testInvalidCLI)
	t.Run("ACL policies", e.testACL)
	t.Run("Vault Agent", e.testAgent)
	t.Run("path-help", e.testPathHelp)
	t.Run("OpenAPI", e.testOpenAPI)
	t.Run("no sensitive value in the audit file or Vault's log", e.testNoLeaks)
}
