package devvault

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ModulePath is this repository's Go module path, which marks its root.
const ModulePath = "github.com/integrations/vault-plugin-secrets-integrations"

// PluginName is the name the plugin is registered under in Vault's catalog.
const PluginName = "vault-plugin-secrets-integrations"

// ModuleRoot finds the repository root: the nearest directory, from the
// working directory upwards, whose go.mod declares ModulePath. Tests run in
// their package directory and scripts from anywhere inside the clone, so the
// working directory is tried first; the source location of this file is the
// fallback for binaries built without -trimpath and run from elsewhere.
func ModuleRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	for _, dir := range starts {
		for {
			if declaresModule(filepath.Join(dir, "go.mod")) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", errors.New("devvault: no go.mod for " + ModulePath + " above the working directory; run from inside the repository")
}

func declaresModule(gomod string) bool {
	f, err := os.Open(gomod)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == ModulePath
		}
	}
	return false
}

// withDefaults fills in every empty option and checks that the binaries exist,
// saying which make target builds a missing one.
func (o Options) withDefaults() (Options, error) {
	if o.VaultBin == "" || o.PluginBin == "" {
		root, err := ModuleRoot()
		if err != nil {
			return o, err
		}
		if o.VaultBin == "" {
			o.VaultBin = filepath.Join(root, "bin", "vault")
		}
		if o.PluginBin == "" {
			o.PluginBin = filepath.Join(root, "bin", PluginName)
		}
	}
	if o.RootToken == "" {
		o.RootToken = "root"
	}
	if o.Mount == "" {
		o.Mount = "integrations"
	}
	o.Mount = strings.Trim(o.Mount, "/")
	if o.LogLevel == "" {
		o.LogLevel = "info"
	}
	for _, b := range []struct{ path, target string }{{o.VaultBin, "make vault"}, {o.PluginBin, "make build"}} {
		st, err := os.Stat(b.path)
		if err != nil {
			return o, fmt.Errorf("devvault: %s is missing (%s builds it): %w", b.path, b.target, err)
		}
		if st.IsDir() || st.Mode()&0o111 == 0 {
			return o, fmt.Errorf("devvault: %s is not an executable file (%s builds it)", b.path, b.target)
		}
	}
	return o, nil
}
