// Command bench measures the plugin beside Vault's KV v2 on one dev server
// (see internal/bench) and rewrites BENCHMARKS.md. `make bench` runs it
// through scripts/bench.sh; -quick runs in seconds.
//
//	go run ./scripts/bench -sizes 1000,10000,100000 -duration 10s -out BENCHMARKS.md
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/bench"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	full, quick := bench.Full(), bench.Quick()
	var (
		sizes       = flag.String("sizes", "", "data-set sizes, ascending, comma-separated (default "+joinInts(full.Sizes)+"; with -quick "+joinInts(quick.Sizes)+")")
		duration    = flag.Duration("duration", 0, "measured time per engine per scenario (default "+full.Duration.String()+")")
		warmup      = flag.Duration("warmup", -1, "unmeasured time per engine before each scenario")
		rounds      = flag.Int("rounds", 0, "rounds alternating the engines within each scenario")
		concurrency = flag.Int("concurrency", 0, "concurrent clients of the measured load")
		loaders     = flag.Int("load-concurrency", 0, "concurrent clients loading the data")
		quickMode   = flag.Bool("quick", false, "small sizes and short rounds (seconds in all); writes no report unless -out is given")
		out         = flag.String("out", "", "rewrite this Markdown report (default BENCHMARKS.md at the module root; none with -quick)")
		jsonOut     = flag.String("json", "", "also write the raw results as JSON to this file")
		profileDir  = flag.String("profile", "", "profile the plugin (built with -tags pprof) at the largest size into this directory")
		vaultBin    = flag.String("vault", "", "vault binary (default bin/vault)")
		pluginBin   = flag.String("plugin", "", "plugin binary (default bin/vault-plugin-secrets-integrations)")
	)
	flag.Parse()

	c := full
	if *quickMode {
		c = quick
	}
	if *sizes != "" {
		var err error
		if c.Sizes, err = parseInts(*sizes); err != nil {
			return fmt.Errorf("-sizes: %w", err)
		}
	}
	setIf(&c.Duration, *duration, *duration > 0)
	setIf(&c.Warmup, *warmup, *warmup >= 0)
	setIf(&c.Rounds, *rounds, *rounds > 0)
	setIf(&c.Concurrency, *concurrency, *concurrency > 0)
	setIf(&c.LoadWorkers, *loaders, *loaders > 0)
	c.Progress = os.Stderr

	root, err := devvault.ModuleRoot()
	if err != nil {
		return err
	}
	report := *out
	if report == "" && !*quickMode {
		report = filepath.Join(root, "BENCHMARKS.md")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	opts := devvault.Options{VaultBin: *vaultBin, PluginBin: *pluginBin, LogLevel: "warn"}
	if *profileDir != "" {
		addr, err := profilingPlugin(ctx, root, *profileDir, &opts)
		if err != nil {
			return err
		}
		c.Profile = bench.PprofHook(addr, *profileDir)
	}

	machine := bench.ReadMachine()
	v, err := devvault.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer v.Stop()
	vaultVersion := "unknown"
	if st, err := v.Client.Sys().SealStatusWithContext(ctx); err == nil {
		vaultVersion = st.Version
	}

	res, err := bench.Run(ctx, bench.TargetOf(v), c)
	if err != nil {
		return err
	}
	bench.Table(os.Stdout, res)
	meta := bench.Meta{Machine: machine, LoadAfter: bench.LoadAvg(), GoVersion: runtime.Version(),
		VaultVersion: vaultVersion, Commit: commit(root), Command: command()}
	if *jsonOut != "" {
		b, err := json.MarshalIndent(struct {
			Meta    bench.Meta
			Results *bench.Results
		}{meta, res}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			return err
		}
	}
	if report != "" {
		if err := bench.WriteMarkdown(report, res, meta); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr, "wrote", report)
	}
	return nil
}

// profilingPlugin builds the plugin with -tags pprof into dir and has the
// server start it with a free loopback port for net/http/pprof (Vault passes
// its environment on to plugins).
func profilingPlugin(ctx context.Context, root, dir string, o *devvault.Options) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "vault-plugin-secrets-integrations-pprof")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-tags", "pprof", "-o", bin, "./cmd/vault-plugin-secrets-integrations")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the profiling plugin: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	o.PluginBin = bin
	o.Env = append(o.Env, "INTEGRATIONS_PPROF_ADDR="+addr)
	return addr, nil
}

func commit(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if dirty, _ := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); len(dirty) > 0 {
		c += " with uncommitted changes"
	}
	return c
}

func command() string {
	args := []string{"make bench"}
	if len(os.Args) > 1 {
		args = append(args, "ARGS='"+strings.Join(os.Args[1:], " ")+"'")
	}
	return strings.Join(args, " ")
}

func setIf[T any](dst *T, v T, ok bool) {
	if ok {
		*dst = v
	}
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive count", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
