package devvault

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// installPlugin copies the plugin binary into <Dir>/plugins and records its
// SHA-256. A copy, not a link: Vault runs only files inside its plugin
// directory, and the build may replace bin/ while this server runs.
func (v *Vault) installPlugin(src string) error {
	dir := filepath.Join(v.Dir, "plugins")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("devvault: %w", err)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("devvault: %w", err)
	}
	defer in.Close()
	v.PluginPath = filepath.Join(dir, PluginName)
	out, err := os.OpenFile(v.PluginPath, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o700)
	if err != nil {
		return fmt.Errorf("devvault: %w", err)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), in); err != nil {
		out.Close()
		return fmt.Errorf("devvault: copying the plugin: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("devvault: %w", err)
	}
	v.PluginSHA256 = hex.EncodeToString(h.Sum(nil))
	return nil
}

// PluginPIDs returns the pids of the running plugin processes: descendants of
// the server whose executable is the plugin copy. Vault starts the plugin when
// the mount is set up and restarts it if it dies, so the answer can change.
func (v *Vault) PluginPIDs() ([]int, error) {
	if v.cmd == nil || v.cmd.Process == nil {
		return nil, fmt.Errorf("devvault: server not started")
	}
	want, err := filepath.EvalSymlinks(v.PluginPath)
	if err != nil {
		return nil, fmt.Errorf("devvault: %w", err)
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("devvault: reading /proc: %w", err)
	}
	parent := map[int]int{}
	var candidates []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, ok := readPPID(pid)
		if !ok {
			continue // exited meanwhile
		}
		parent[pid] = ppid
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == want {
			candidates = append(candidates, pid)
		}
	}
	root := v.cmd.Process.Pid
	var pids []int
	for _, pid := range candidates {
		for p, hops := parent[pid], 0; p > 1 && hops < 64; p, hops = parent[p], hops+1 {
			if p == root {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids, nil
}

// readPPID reads the parent pid from /proc/<pid>/stat. The command name in
// parentheses may hold spaces, so the fields are counted after the last ')'.
func readPPID(pid int) (int, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}
