package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pair(sc string, pluginRPS, kvRPS float64, p99 time.Duration) Pair {
	return Pair{Scenario: sc, Plugin: Measure{Requests: 10, RPS: pluginRPS, P50: p99 / 2, P99: p99}, KV: Measure{Requests: 10, RPS: kvRPS, P50: time.Millisecond, P99: 2 * time.Millisecond}}
}

func sample(p99At100k time.Duration, rssAt100k int64, writeRPS float64) *Results {
	return &Results{
		Started:     time.Date(2026, 12, 4, 5, 0, 0, 0, time.UTC),
		Config:      Full(),
		BaselineRSS: 30 << 20,
		Steps: []Step{
			{Secrets: 1000, RSS: 32 << 20, Pairs: []Pair{pair(Read, 500, 1000, 10*time.Millisecond), pair(Write, 400, 600, 0), pair(List, 100, 100, 0)}},
			{Secrets: 100000, RSS: rssAt100k, Pairs: []Pair{pair(Read, 450, 1000, p99At100k), pair(Write, writeRPS, 600, 0), pair(List, 10, 10, 0)}},
		},
	}
}

func TestVerdictsHoldAndFail(t *testing.T) {
	good := Verdicts(sample(12*time.Millisecond, 40<<20, 400))
	require.Len(t, good, 4)
	for _, v := range good {
		assert.True(t, v.Holds, "%s: %s", v.Target, v.Got)
	}
	assert.Contains(t, good[0].Got, "0.45x (lowest, at 100k)")
	assert.Contains(t, good[1].Target, "at 100k vs at 1k")

	bad := Verdicts(sample(14*time.Millisecond, 51<<20, 200))
	assert.True(t, bad[0].Holds, "reads are unchanged")
	assert.False(t, bad[1].Holds, "p99 grew 1.4x")
	assert.False(t, bad[2].Holds, "RSS grew 21 MiB")
	assert.Contains(t, bad[2].Got, "+21.0 MiB")
	assert.False(t, bad[3].Holds, "writes at 0.33x")
}

func TestWriteMarkdownKeepsTheAnalysis(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	res := sample(12*time.Millisecond, 40<<20, 400)
	meta := Meta{Machine: Machine{CPU: "Test CPU", Cores: 2, MemTotal: 24 << 30, LoadAvg: "1.00 1.00 1.00"},
		LoadAfter: "2.00 1.00 1.00", GoVersion: "go1.0", VaultVersion: "1.21.1", Commit: "abc123", Command: "make bench"}

	require.NoError(t, WriteMarkdown(path, res, meta))
	first, err := os.ReadFile(path)
	require.NoError(t, err)
	s := string(first)
	assert.True(t, strings.HasPrefix(s, "# Benchmarks\n"))
	assert.Contains(t, s, "Test CPU, 2 cores, 24.0 GiB")
	assert.Contains(t, s, "Vault 1.21.1")
	assert.Contains(t, s, "the machine was shared")

	// Idle before, busy after (the benchmark's own load): not shared.
	meta.Machine.LoadAvg, meta.LoadAfter = "0.01 0.10 0.20", "3.60 3.11 2.85"
	var quiet strings.Builder
	Markdown(&quiet, res, meta)
	assert.NotContains(t, quiet.String(), "the machine was shared", "a busy machine after the run is the benchmark's own load")
	assert.Contains(t, s, "| 100k | read: `creds/<name>` vs `secret/data/<kind>/<name>` | 450 |")
	assert.Contains(t, s, "| plugin RSS growth, 0 to 100k secrets | < 20 MiB | +10.0 MiB at most (30.0 to 40.0 MiB)")

	analysis := "\n## Why\n\nHand-written analysis.\n"
	require.NoError(t, os.WriteFile(path, append(first, analysis...), 0o644))
	require.NoError(t, WriteMarkdown(path, sample(14*time.Millisecond, 40<<20, 400), meta))
	second, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(second), beginMarker))
	assert.True(t, strings.HasSuffix(string(second), analysis), "text after the generated block is kept")
	assert.Contains(t, string(second), "| no |", "the new figures replaced the old")
}

func TestTableNamesEveryScenario(t *testing.T) {
	var b bytes.Buffer
	Table(&b, sample(12*time.Millisecond, 40<<20, 400))
	for _, want := range []string{"read", "write", "list", "100k", "0.45x", "30.0 MiB with no secrets", "40.0 MiB at 100k"} {
		assert.Contains(t, b.String(), want)
	}
}

func TestProcMemoryReadsThisProcess(t *testing.T) {
	rss, peak, err := ProcMemory([]int{os.Getpid()})
	require.NoError(t, err)
	assert.Positive(t, rss)
	assert.GreaterOrEqual(t, peak, rss)
	_, _, err = ProcMemory(nil)
	assert.Error(t, err)
}

func TestReadMachine(t *testing.T) {
	m := ReadMachine()
	assert.Positive(t, m.Cores)
	assert.Positive(t, m.MemTotal)
	assert.NotEmpty(t, m.LoadAvg)
	assert.Positive(t, Load1("1.50 1.00 0.50"))
}

func TestCountAndRound(t *testing.T) {
	assert.Equal(t, "1k", count(1000))
	assert.Equal(t, "100k", count(100000))
	assert.Equal(t, "1500", count(1500))
	assert.Equal(t, 1230*time.Microsecond, roundDur(1234567*time.Nanosecond))
}
