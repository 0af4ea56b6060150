// Package seaweed runs a real SeaweedFS (`weed mini`) on loopback for tests:
// an S3 gateway whose port also serves the IAM and STS APIs with SigV4
// checking, the real endpoint the plugin's AWS rotation is tested against.
//
// Tests run only where WEED_BIN names the binary (the Makefile sets it to
// bin/weed, built by scripts/build-tool.sh weed), so a plain `go test ./...`
// skips them.
package seaweed

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// EnvBin names the environment variable that points the tests at weed.
const EnvBin = "WEED_BIN"

// Server is one running `weed mini`.
type Server struct {
	// URL is the S3 port, which serves IAM and STS too (BaseEndpoint for both).
	URL string
	// AdminKeyID and AdminSecret are the identity s3.json grants Admin.
	AdminKeyID, AdminSecret string
	Dir                     string

	cmd    *exec.Cmd
	exited chan struct{}
	log    string
}

// StartTimeout bounds start-up; weed mini is usually ready in about 5 s.
const StartTimeout = 90 * time.Second

// StartT starts a server for a test and stops it when the test ends. It
// skips the test when WEED_BIN is unset.
func StartT(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv(EnvBin)
	if bin == "" {
		t.Skipf("%s is not set: SeaweedFS tests run with `make seaweed` (or WEED_BIN=bin/weed go test ...)", EnvBin)
	}
	s, err := Start(context.Background(), bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Start runs bin as `weed mini` with its data in dir and waits until the S3
// port answers /status.
func Start(ctx context.Context, bin, dir string) (*Server, error) {
	ports, err := freePorts(5)
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, exited: make(chan struct{}), log: filepath.Join(dir, "weed.log"),
		AdminKeyID: "AKIA" + randomUpper(16), AdminSecret: randomUpper(40)}
	config := filepath.Join(dir, "s3.json")
	if err := writeConfig(config, s.AdminKeyID, s.AdminSecret); err != nil {
		return nil, err
	}
	s3, master, volume, filer, admin := ports[0], ports[1], ports[2], ports[3], ports[4]
	s.URL = "http://127.0.0.1:" + strconv.Itoa(s3)
	logFile, err := os.Create(s.log)
	if err != nil {
		return nil, fmt.Errorf("seaweed: %w", err)
	}
	// Every listener gets a port we picked (gRPC ones are port+10000), and the
	// optional ones are off, so parallel servers never collide.
	s.cmd = exec.Command(bin, "mini",
		"-dir="+filepath.Join(dir, "data"), "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-s3.port="+strconv.Itoa(s3), "-master.port="+strconv.Itoa(master),
		"-volume.port="+strconv.Itoa(volume), "-filer.port="+strconv.Itoa(filer),
		"-admin.port="+strconv.Itoa(admin), "-admin.port.legacy=0",
		"-s3.port.iceberg=0", "-s3.port.lance=0",
		"-s3.config="+config, "-s3.iam.readOnly=false",
		"-webdav=false", "-admin.ui=false", "-master.telemetry=false",
	)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("seaweed: starting %s: %w", bin, err)
	}
	go func() {
		_ = s.cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	if err := s.waitReady(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/status", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("seaweed: weed mini exited before it was ready; its log:\n%s", s.LogTail())
		case <-ctx.Done():
			return fmt.Errorf("seaweed: %s/status not ready: %w; log:\n%s", s.URL, ctx.Err(), s.LogTail())
		case <-tick.C:
		}
	}
}

// Stop kills the server's process group and waits for it to exit.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	}
}

// LogTail returns the end of the server's log, for failure messages.
func (s *Server) LogTail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return strings.TrimSpace(string(b))
}

// writeConfig writes s3.json: one identity with every action, which may
// also manage IAM users and keys.
func writeConfig(path, keyID, secret string) error {
	cfg := map[string]any{"identities": []any{map[string]any{
		"name":        "admin",
		"credentials": []any{map[string]any{"accessKey": keyID, "secretKey": secret}},
		"actions":     []string{"Admin", "Read", "Write", "List"},
	}}}
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

func randomUpper(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

var errNoPorts = errors.New("seaweed: found no free loopback ports")
