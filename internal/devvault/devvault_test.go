package devvault

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests need no Vault; the ones that start a server are in
// start_e2e_test.go (build tag e2e, run by make e2e).

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(root, "internal", "devvault", "devvault.go"))
	assert.True(t, declaresModule(filepath.Join(root, "go.mod")))
}

func TestDeclaresModuleRefusesOtherModules(t *testing.T) {
	dir := t.TempDir()
	gomod := filepath.Join(dir, "go.mod")
	require.NoError(t, os.WriteFile(gomod, []byte("module example.com/other\n\ngo 1.26\n"), 0o600))
	assert.False(t, declaresModule(gomod))
	require.NoError(t, os.WriteFile(gomod, []byte("// wrapper\nmodule "+ModulePath+"\n"), 0o600))
	assert.True(t, declaresModule(gomod))
}

func TestMissingBinaryNamesTheMakeTarget(t *testing.T) {
	dir := t.TempDir()
	plugin := filepath.Join(dir, "plugin")
	require.NoError(t, os.WriteFile(plugin, []byte("#!/bin/sh\n"), 0o700))
	_, err := Options{VaultBin: filepath.Join(dir, "vault"), PluginBin: plugin}.withDefaults()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "make vault")

	notExec := filepath.Join(dir, "vault")
	require.NoError(t, os.WriteFile(notExec, []byte("x"), 0o600))
	_, err = Options{VaultBin: notExec, PluginBin: plugin}.withDefaults()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not an executable")

	o, err := Options{VaultBin: plugin, PluginBin: plugin, Mount: "/x/"}.withDefaults()
	require.NoError(t, err)
	assert.Equal(t, "root", o.RootToken)
	assert.Equal(t, "x", o.Mount)
}

func TestBusyAddressIsReported(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	err = checkAddr(l.Addr().String())
	require.ErrorIs(t, err, ErrAddrInUse)
	assert.Contains(t, err.Error(), "API port")

	// Vault also binds the next port for its cluster listener.
	addr, err := FreeAddr()
	require.NoError(t, err)
	host, portStr, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portStr)
	cl, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port+1)))
	require.NoError(t, err)
	defer cl.Close()
	err = checkAddr(addr)
	require.ErrorIs(t, err, ErrAddrInUse)
	assert.Contains(t, err.Error(), "cluster port")

	assert.Error(t, checkAddr("8200"))
}

func TestFreeAddrGivesDistinctPairs(t *testing.T) {
	seen := map[string]bool{}
	for range 5 {
		addr, err := FreeAddr()
		require.NoError(t, err)
		require.NoError(t, checkAddr(addr), "both %s and the port after it are free", addr)
		assert.False(t, seen[addr])
		seen[addr] = true
	}
}

func TestAgentConfigIsOneShot(t *testing.T) {
	c := AgentConfig("/tmp/tok", map[string]string{"/out/b": "/src/b.ctmpl", "/out/a": "/src/a.ctmpl"})
	assert.Contains(t, c, "exit_after_auth = true")
	assert.Contains(t, c, `token_file_path = "/tmp/tok"`)
	assert.Contains(t, c, "exit_on_retry_failure = true")
	assert.Less(t, strings.Index(c, `"/out/a"`), strings.Index(c, `"/out/b"`), "templates in a stable order")
	assert.Contains(t, c, `source      = "/src/a.ctmpl"`)
}

func TestReadPPID(t *testing.T) {
	ppid, ok := readPPID(os.Getpid())
	require.True(t, ok)
	assert.Equal(t, os.Getppid(), ppid)
	_, ok = readPPID(-1)
	assert.False(t, ok)
}
