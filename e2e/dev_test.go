//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

// TestMakeDev runs `make dev` as a user would, on a free port, runs every
// command it prints (after its export lines), then presses Ctrl-C: Vault
// stops and its temp dir is gone. A second `make dev` on the busy port says
// so and exits non-zero.
func TestMakeDev(t *testing.T) {
	root, err := devvault.ModuleRoot()
	require.NoError(t, err)
	addr, err := devvault.FreeAddr()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	cmd := exec.CommandContext(ctx, "make", "-s", "dev")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "VAULT_DEV_LISTEN_ADDRESS="+addr, "VAULT_DEV_ROOT_TOKEN_ID=dev-e2e-root")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group, as a terminal's job
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }()

	// Read the welcome text up to its last line.
	var printed []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		printed = append(printed, sc.Text())
		if strings.HasPrefix(sc.Text(), "Ctrl-C stops Vault") {
			break
		}
	}
	welcome := strings.Join(printed, "\n")
	require.Contains(t, welcome, "Ctrl-C stops Vault", "make dev did not start; stderr:\n%s", stderr.String())
	t.Logf("make dev printed:\n%s", welcome)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	exports, tries, tmpDir := parseWelcome(t, printed)
	assert.Contains(t, exports, "export VAULT_ADDR=http://"+addr)
	assert.Contains(t, exports, "export VAULT_TOKEN=dev-e2e-root")
	require.NotEmpty(t, tries)
	require.DirExists(t, tmpDir)
	for _, c := range tries {
		script := strings.Join(exports, "\n") + "\n" + c
		out, err := exec.CommandContext(ctx, "bash", "-ec", script).CombinedOutput()
		assert.NoError(t, err, "%s:\n%s", c, out)
	}
	// The last command reads creds/ with a consumer token, so it shows the token.
	out, err := exec.CommandContext(ctx, "bash", "-ec", strings.Join(exports, "\n")+"\n"+tries[len(tries)-1]).CombinedOutput()
	require.NoError(t, err)
	assert.Contains(t, string(out), "hf_")

	// The address is now busy: a second make dev says so and exits.
	second := exec.CommandContext(ctx, "make", "-s", "dev")
	second.Dir = root
	second.Env = append(os.Environ(), "VAULT_DEV_LISTEN_ADDRESS="+addr)
	out, err = second.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), addr+" is already in use")

	// Ctrl-C: the terminal sends SIGINT to the whole job.
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
	_ = cmd.Wait()
	assert.NoDirExists(t, tmpDir, "Ctrl-C removes Vault's temp files")
	l, err := net.Listen("tcp", addr)
	require.NoError(t, err, "Vault still holds %s after Ctrl-C", addr)
	l.Close()
}

// parseWelcome picks the export lines, the commands to try and the temp dir
// out of make dev's welcome text.
func parseWelcome(t *testing.T, lines []string) (exports, tries []string, tmpDir string) {
	t.Helper()
	inTry := false
	for _, l := range lines {
		s := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(s, "export "):
			exports = append(exports, s)
		case s == "Try:":
			inTry = true
		case s == "":
			inTry = false
		case inTry:
			tries = append(tries, s)
		case strings.HasPrefix(s, "Ctrl-C stops Vault and removes "):
			tmpDir = strings.TrimSuffix(strings.TrimPrefix(s, "Ctrl-C stops Vault and removes "), ".")
		}
	}
	require.True(t, filepath.IsAbs(tmpDir), "temp dir %q", tmpDir)
	return exports, tries, tmpDir
}
