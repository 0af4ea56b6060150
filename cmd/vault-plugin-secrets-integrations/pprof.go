//go:build pprof

package main

// The profiling build (go build -tags pprof, made by `make bench` with
// -profile) serves net/http/pprof on the loopback address named by
// INTEGRATIONS_PPROF_ADDR, so the benchmark can profile the plugin process
// that Vault runs. The release build compiles none of this.

import (
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on the default mux
	"os"

	hclog "github.com/hashicorp/go-hclog"
)

// PprofAddrEnv names the variable holding the profiling listener's address.
const PprofAddrEnv = "INTEGRATIONS_PPROF_ADDR"

func init() {
	addr := os.Getenv(PprofAddrEnv)
	if addr == "" {
		return
	}
	log := hclog.New(&hclog.LoggerOptions{Name: "pprof"})
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		log.Warn("refusing a profiling address that is not loopback", "addr", addr)
		return
	}
	// Vault may start the plugin more than once (to learn its version, then
	// for the mount); only the first process to bind the port serves.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Debug("profiling listener not started", "addr", addr, "error", err)
		return
	}
	go func() { _ = http.Serve(ln, nil) }()
}
