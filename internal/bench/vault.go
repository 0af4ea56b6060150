package bench

import (
	"time"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/devvault"
)

// TargetOf measures a dev server started by devvault: the plugin at its
// mount, KV v2 at secret/ (which the dev server mounts), and the memory of
// the plugin processes it runs and of the server itself.
func TargetOf(v *devvault.Vault) Target {
	return Target{
		Addr:  "http://" + v.Addr,
		Token: v.Token,
		Mount: v.Mount,
		PluginMemory: func() (int64, int64, error) {
			pids, err := v.PluginPIDs()
			if err != nil {
				return 0, 0, err
			}
			return ProcMemory(pids)
		},
		ServerMemory: func() (int64, int64, error) { return ProcMemory([]int{v.PID()}) },
	}
}

// Quick is a configuration that runs in seconds: small data sets and short
// rounds, for the e2e tests and `make bench ARGS=-quick`. Its figures say
// that the harness works, not how fast anything is.
func Quick() Config {
	return Config{
		Sizes:       []int{100, 500},
		Duration:    time.Second,
		Warmup:      200 * time.Millisecond,
		Rounds:      2,
		Concurrency: 4,
		LoadWorkers: 4,
		Seed:        1,
	}
}

// Full is the configuration of the committed BENCHMARKS.md.
func Full() Config {
	return Config{
		Sizes:       []int{1000, 10000, 100000},
		Duration:    10 * time.Second,
		Warmup:      time.Second,
		Rounds:      5, // short alternating rounds: a shared machine's bursts fall on both engines
		Concurrency: 16,
		LoadWorkers: 16,
		Seed:        1,
	}
}
