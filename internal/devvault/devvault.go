// Package devvault runs a real `vault server -dev` with this plugin registered
// (by SHA-256) and mounted, for end-to-end tests, benchmarks and `make dev`.
//
// It has no build tag so that programs under scripts/ and cmd/ can use it as
// well as tests. Everything runs on loopback; nothing outside Options.Dir is
// written (the dev server is told not to store its token in ~/.vault-token).
package devvault

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
)

// Options says how to start the server. The zero value is a usable default.
type Options struct {
	VaultBin, PluginBin string   // default: <module root>/bin/vault and bin/vault-plugin-secrets-integrations
	Addr                string   // host:port; "" picks a free loopback port
	RootToken           string   // default "root"
	Mount               string   // default "integrations"
	Audit               bool     // enable a file audit device at <Dir>/audit.log
	Dir                 string   // working dir for logs/plugin dir; "" = a new temp dir removed by Stop
	Env                 []string // extra environment for the vault server process

	// LogLevel is the server's -log-level (default "info"). Tests that check
	// the log for leaked values use "trace", so that the most is logged.
	LogLevel string
	// Stdout, if set, also receives the server's output (make dev shows it).
	Stdout io.Writer
}

// Vault is one running dev server.
type Vault struct {
	Addr, Token, Mount, Dir, LogPath, AuditPath string
	Client                                      *api.Client // authenticated with the root token

	// VaultBin and PluginPath are the server binary and the plugin's copy in
	// the plugin directory (the file Vault runs and whose SHA-256 it checks).
	VaultBin, PluginPath, PluginSHA256 string

	cmd       *exec.Cmd
	exited    chan struct{} // closed when the server process has exited
	waitErr   error
	removeDir bool
	stopOnce  sync.Once
	stopErr   error
}

// StartTimeout bounds how long Start waits for the server when ctx has no deadline.
const StartTimeout = 2 * time.Minute

// Start starts `vault server -dev` on loopback, waits until it is unsealed,
// copies the plugin into a plugin directory, registers it by SHA-256, mounts
// it at Mount and, if asked, enables a file audit device. ctx bounds only the
// start-up: the server runs until Stop.
func Start(ctx context.Context, o Options) (*Vault, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, StartTimeout)
		defer cancel()
	}
	if o.Addr == "" {
		if o.Addr, err = FreeAddr(); err != nil {
			return nil, err
		}
	} else if err := checkAddr(o.Addr); err != nil {
		return nil, err
	}
	v := &Vault{Addr: o.Addr, Token: o.RootToken, Mount: o.Mount, Dir: o.Dir, VaultBin: o.VaultBin, exited: make(chan struct{})}
	if v.Dir == "" {
		if v.Dir, err = os.MkdirTemp("", "devvault-"); err != nil {
			return nil, fmt.Errorf("devvault: %w", err)
		}
		v.removeDir = true
	} else if err := os.MkdirAll(v.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("devvault: %w", err)
	}
	v.LogPath = filepath.Join(v.Dir, "vault.log")
	if o.Audit {
		v.AuditPath = filepath.Join(v.Dir, "audit.log")
	}
	if err := v.start(ctx, o); err != nil {
		return nil, errors.Join(err, v.Stop())
	}
	return v, nil
}

func (v *Vault) start(ctx context.Context, o Options) error {
	if err := v.installPlugin(o.PluginBin); err != nil {
		return err
	}
	logFile, err := os.OpenFile(v.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("devvault: %w", err)
	}
	// Not exec.CommandContext: ctx bounds the start-up, not the server's life.
	v.cmd = exec.Command(v.VaultBin, "server", "-dev",
		"-dev-root-token-id="+v.Token,
		"-dev-listen-address="+v.Addr,
		"-dev-plugin-dir="+filepath.Dir(v.PluginPath),
		"-dev-no-store-token",
		"-log-level="+o.LogLevel,
	)
	v.cmd.Dir = v.Dir
	v.cmd.Env = append(cleanEnv(), o.Env...)
	v.cmd.Stdout, v.cmd.Stderr = logFile, logFile
	if o.Stdout != nil {
		w := &teeFile{a: logFile, b: o.Stdout}
		v.cmd.Stdout, v.cmd.Stderr = w, w
	}
	// Its own process group: a terminal's Ctrl-C reaches only our program,
	// which then stops Vault cleanly, and Stop can reap the plugin processes
	// with the group. Pdeathsig stops Vault if the test binary dies.
	v.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := v.cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("devvault: starting %s: %w", v.VaultBin, err)
	}
	go func() {
		v.waitErr = v.cmd.Wait()
		logFile.Close()
		close(v.exited)
	}()

	cfg := api.DefaultConfig()
	cfg.Address = "http://" + v.Addr
	if v.Client, err = api.NewClient(cfg); err != nil {
		return fmt.Errorf("devvault: %w", err)
	}
	v.Client.SetToken(v.Token)
	v.Client.ClearNamespace()
	if err := v.waitReady(ctx); err != nil {
		return err
	}
	return v.setup(ctx)
}

// waitReady polls sys/health until the server is initialised and unsealed,
// and gives up at once if the process exits.
func (v *Vault) waitReady(ctx context.Context) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		h, err := v.Client.Sys().HealthWithContext(ctx)
		if err == nil && h.Initialized && !h.Sealed {
			return nil
		}
		select {
		case <-v.exited:
			return fmt.Errorf("devvault: vault server exited before it was ready (%v); its log:\n%s", v.waitErr, v.logTail())
		case <-ctx.Done():
			return fmt.Errorf("devvault: vault server not ready at %s (%w); its log:\n%s", v.Addr, ctx.Err(), v.logTail())
		case <-tick.C:
		}
	}
}

// setup registers the plugin by SHA-256, mounts it and enables the audit device.
func (v *Vault) setup(ctx context.Context) error {
	sys := v.Client.Sys()
	if err := sys.RegisterPluginWithContext(ctx, &api.RegisterPluginInput{
		Name: PluginName, Type: api.PluginTypeSecrets,
		Command: filepath.Base(v.PluginPath), SHA256: v.PluginSHA256,
	}); err != nil {
		return fmt.Errorf("devvault: registering the plugin: %w", err)
	}
	if err := sys.MountWithContext(ctx, v.Mount, &api.MountInput{
		Type: PluginName, Description: "integrations secrets engine",
	}); err != nil {
		return fmt.Errorf("devvault: mounting the plugin at %s/: %w\nvault log:\n%s", v.Mount, err, v.logTail())
	}
	if v.AuditPath != "" {
		if err := sys.EnableAuditWithOptionsWithContext(ctx, "file", &api.EnableAuditOptions{
			Type: "file", Options: map[string]string{"file_path": v.AuditPath},
		}); err != nil {
			return fmt.Errorf("devvault: enabling the file audit device: %w", err)
		}
	}
	return nil
}

// StartT is Start for tests: it fails the test on error and stops the server
// (and removes its temp dir) when the test ends.
func StartT(t testing.TB, o Options) *Vault {
	t.Helper()
	v, err := Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := v.Stop(); err != nil {
			t.Errorf("stopping vault: %v", err)
		}
	})
	return v
}

// StopTimeout is how long Stop waits for a graceful shutdown before killing.
const StopTimeout = 30 * time.Second

// Stop shuts the server down (SIGTERM, then SIGKILL to its whole process
// group after StopTimeout, so no plugin process outlives it) and removes Dir
// if Start created it. It is safe to call more than once.
func (v *Vault) Stop() error {
	v.stopOnce.Do(func() {
		if v.cmd != nil && v.cmd.Process != nil {
			_ = v.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-v.exited:
			case <-time.After(StopTimeout):
				v.stopErr = fmt.Errorf("devvault: vault did not stop within %s; killed", StopTimeout)
			}
			// Reap anything left in the group (plugins Vault failed to stop).
			_ = syscall.Kill(-v.cmd.Process.Pid, syscall.SIGKILL)
			<-v.exited
		}
		if v.removeDir {
			v.stopErr = errors.Join(v.stopErr, os.RemoveAll(v.Dir))
		}
	})
	return v.stopErr
}

// Exited is closed when the server process has exited (make dev waits on it).
func (v *Vault) Exited() <-chan struct{} { return v.exited }

// PID is the server process's pid, or 0 before it started (the benchmark
// reads its memory from /proc).
func (v *Vault) PID() int {
	if v.cmd == nil || v.cmd.Process == nil {
		return 0
	}
	return v.cmd.Process.Pid
}

// logTail returns the end of the server log, for error messages. The log of a
// dev server holds no secret values (the e2e tests check that).
func (v *Vault) logTail() string {
	b, _ := os.ReadFile(v.LogPath)
	const max = 4000
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return strings.TrimSpace(string(b))
}

// cleanEnv is this process's environment without VAULT_* variables, so that a
// user's own VAULT_ADDR or VAULT_TOKEN never points a child at another server.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VAULT_") {
			env = append(env, kv)
		}
	}
	return env
}

// teeFile writes the server's output to its log and to a terminal.
type teeFile struct {
	mu   sync.Mutex
	a, b io.Writer
}

func (t *teeFile) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = t.b.Write(p)
	return t.a.Write(p)
}
