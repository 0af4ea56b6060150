package devvault

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
)

// CLI runs the vault binary against this server as root (VAULT_ADDR and
// VAULT_TOKEN set, any inherited VAULT_* dropped). err is non-nil when the
// command exits non-zero; stdout and stderr are returned either way.
func (v *Vault) CLI(ctx context.Context, stdin io.Reader, args ...string) (stdout, stderr string, err error) {
	return v.CLIAs(ctx, v.Token, stdin, args...)
}

// CLIAs is CLI with another token ("" runs without one).
func (v *Vault) CLIAs(ctx context.Context, token string, stdin io.Reader, args ...string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, v.VaultBin, args...)
	cmd.Dir = v.Dir
	cmd.Env = append(cleanEnv(), "VAULT_ADDR="+v.URL())
	if token != "" {
		cmd.Env = append(cmd.Env, "VAULT_TOKEN="+token)
	}
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), errb.String(), fmt.Errorf("vault %v: %w", args, err)
	}
	return out.String(), errb.String(), nil
}

// URL is the server's address as VAULT_ADDR wants it.
func (v *Vault) URL() string { return "http://" + v.Addr }
