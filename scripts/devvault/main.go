// Command devvault is what `make dev` (scripts/dev.sh) runs: a real Vault dev
// server with the plugin registered by SHA-256 and mounted at integrations/,
// the example policies from bootstrap/policies/ installed, in the foreground
// until Ctrl-C, which stops Vault and removes its temp files.
//
// Environment: VAULT_DEV_LISTEN_ADDRESS (default 127.0.0.1:8200) and
// VAULT_DEV_ROOT_TOKEN_ID (default root), the names Vault's own dev mode uses.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

func main() {
	os.Exit(run())
}

func run() int {
	addr := envOr("VAULT_DEV_LISTEN_ADDRESS", "127.0.0.1:8200")
	token := envOr("VAULT_DEV_ROOT_TOKEN_ID", "root")
	root, err := devvault.ModuleRoot()
	if err != nil {
		return fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	v, err := devvault.Start(ctx, devvault.Options{Addr: addr, RootToken: token})
	if errors.Is(err, devvault.ErrAddrInUse) {
		fmt.Fprintf(os.Stderr, "make dev: %s is already in use (is another Vault running?).\n"+
			"Stop it, or pick another address: VAULT_DEV_LISTEN_ADDRESS=127.0.0.1:8300 make dev\n", addr)
		return 1
	}
	if err != nil {
		return fail(err)
	}
	defer v.Stop()

	policies, err := installPolicies(ctx, v, filepath.Join(root, "bootstrap", "policies"))
	if err != nil {
		return fail(err)
	}
	version, _, _ := v.CLI(ctx, nil, "version")
	version, _, _ = strings.Cut(strings.TrimSpace(version), ",") // "Vault v1.21.1, built <date>"
	printWelcome(v, root, version, policies)

	select {
	case <-ctx.Done():
		fmt.Println("\nstopping Vault and removing " + v.Dir)
	case <-v.Exited():
		return fail(fmt.Errorf("vault exited unexpectedly; its log was %s", v.LogPath))
	}
	if err := v.Stop(); err != nil {
		return fail(err)
	}
	return 0
}

// installPolicies writes every bootstrap/policies/<name>.hcl as policy <name>.
func installPolicies(ctx context.Context, v *devvault.Vault, dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no policies in %s: %v", dir, err)
	}
	sort.Strings(files)
	var names []string
	for _, f := range files {
		rules, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".hcl")
		if err := v.Client.Sys().PutPolicyWithContext(ctx, name, string(rules)); err != nil {
			return nil, fmt.Errorf("installing policy %s: %w", name, err)
		}
		names = append(names, name)
	}
	return names, nil
}

func printWelcome(v *devvault.Vault, root, version string, policies []string) {
	m := v.Mount
	fmt.Printf(`%s dev server (in memory) with the integrations plugin mounted at %s/.
Policies: %s.

  export PATH="%s:$PATH"
  export VAULT_ADDR=%s
  export VAULT_TOKEN=%s

Try:
`, version, m, strings.Join(policies, ", "), filepath.Join(root, "bin"), v.URL(), v.Token)
	for _, c := range []string{
		"vault path-help " + m + "/",
		"vault list " + m + "/types",
		"vault read " + m + "/types/huggingface",
		"vault write " + m + "/secrets/huggingface/app-hf token=hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
		"vault read " + m + "/secrets/huggingface/app-hf",
		"vault read " + m + "/creds/app-hf",
		"VAULT_TOKEN=$(vault token create -field=token -policy=integrations-consumer) vault read " + m + "/creds/app-hf",
	} {
		fmt.Println("  " + c)
	}
	fmt.Printf("\nVault's log: %s\nCtrl-C stops Vault and removes %s.\n", v.LogPath, v.Dir)
}

func envOr(key, def string) string {
	if s := os.Getenv(key); s != "" {
		return s
	}
	return def
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "make dev:", err)
	return 1
}
