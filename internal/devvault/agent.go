package devvault

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// AgentTimeout bounds one one-shot Agent run when ctx has no deadline.
const AgentTimeout = 2 * time.Minute

// RunAgent runs `vault agent -config=<config>` in dir against this server
// (VAULT_ADDR set, no VAULT_TOKEN: the config's auto_auth supplies the token)
// until it exits, and returns its output. Use a one-shot config
// (exit_after_auth = true) such as bootstrap/agent/agent.hcl; relative paths
// in it are relative to dir.
func (v *Vault) RunAgent(ctx context.Context, dir, config string) (output string, err error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, AgentTimeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, v.VaultBin, "agent", "-config="+config)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "VAULT_ADDR="+v.URL())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("vault agent -config=%s: %w; its output:\n%s", config, err, out.String())
	}
	return out.String(), nil
}

// AgentConfig is a one-shot Agent configuration: auto_auth reads the token
// from tokenFile, every template in templates (destination: source) is
// rendered once, and the Agent exits, failing if a secret cannot be read.
func AgentConfig(tokenFile string, templates map[string]string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "exit_after_auth = true\n\nauto_auth {\n  method \"token_file\" {\n    exit_on_err = true\n    config = {\n      token_file_path = %s\n    }\n  }\n}\n\n", strconv.Quote(tokenFile))
	sb.WriteString("template_config {\n  exit_on_retry_failure = true\n}\n")
	dests := make([]string, 0, len(templates))
	for d := range templates {
		dests = append(dests, d)
	}
	sort.Strings(dests)
	for _, d := range dests {
		fmt.Fprintf(&sb, "\ntemplate {\n  source      = %s\n  destination = %s\n}\n", strconv.Quote(templates[d]), strconv.Quote(d))
	}
	return sb.String()
}

// RenderAgent renders templates (name: consul-template text) with a one-shot
// Agent authenticated by token, and returns each rendered file by name. Each
// call uses a fresh directory under Dir, so a second call after a rotation
// renders anew.
func (v *Vault) RenderAgent(ctx context.Context, templates map[string]string, token string) (map[string]string, error) {
	dir, err := os.MkdirTemp(v.Dir, "agent-")
	if err != nil {
		return nil, fmt.Errorf("devvault: %w", err)
	}
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(token), 0o600); err != nil {
		return nil, fmt.Errorf("devvault: %w", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o700); err != nil {
		return nil, fmt.Errorf("devvault: %w", err)
	}
	dests := map[string]string{}
	for name, text := range templates {
		if name == "" || strings.ContainsAny(name, `/\`) {
			return nil, fmt.Errorf("devvault: template name %q must be a plain file name", name)
		}
		src := filepath.Join(dir, name+".ctmpl")
		if err := os.WriteFile(src, []byte(text), 0o600); err != nil {
			return nil, fmt.Errorf("devvault: %w", err)
		}
		dests[filepath.Join(dir, "out", name)] = src
	}
	config := filepath.Join(dir, "agent.hcl")
	if err := os.WriteFile(config, []byte(AgentConfig(tokenFile, dests)), 0o600); err != nil {
		return nil, fmt.Errorf("devvault: %w", err)
	}
	if _, err := v.RunAgent(ctx, dir, config); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for name := range templates {
		b, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			return nil, fmt.Errorf("devvault: agent did not render %s: %w", name, err)
		}
		out[name] = string(b)
	}
	return out, nil
}
