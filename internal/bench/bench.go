// Package bench measures the plugin beside Vault's built-in KV v2 on the same
// dev server, in one run: for each data-set size it loads both engines with
// the same secrets over HTTP, then drives loopback load at creds/ reads, writes
// and lists of each engine in turn, and samples the plugin process's memory.
//
// cmd/integrations-bench runs it in full (make bench); the e2e tests run it
// with small sizes so the harness cannot rot.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/integrations/vault-plugin-secrets-integrations/internal/loadgen"
)

// Target is the server under test: a Vault with the plugin mounted at Mount
// and KV v2 at secret/.
type Target struct {
	Addr  string // "http://127.0.0.1:8200"
	Token string
	Mount string
	// PluginMemory returns the plugin process's resident memory now and its
	// peak, in bytes.
	PluginMemory func() (rss, peak int64, err error)
	// ServerMemory, if set, does the same for the Vault server, which holds
	// both engines' data (the dev server's storage is in memory).
	ServerMemory func() (rss, peak int64, err error)
}

// Config says what to measure.
type Config struct {
	Sizes       []int         // data-set sizes, ascending (1000, 10000, 100000)
	Duration    time.Duration // measured time of each engine in each scenario
	Warmup      time.Duration // unmeasured time of each engine before each scenario
	Rounds      int           // the duration is split into rounds that alternate the engines
	Concurrency int           // workers driving the measured load
	LoadWorkers int           // workers loading the data
	Seed        uint64
	// Progress, if set, receives a line per step (for a long run's log).
	Progress io.Writer
	// Profile, if set, is called at the largest size around each plugin
	// scenario's first measured round, to take a profile of the plugin.
	Profile func(ctx context.Context, scenario string, during time.Duration) func() error
}

// Measure is one engine's figures in one scenario.
type Measure struct {
	Requests   int
	Errors     int
	Elapsed    time.Duration
	RPS        float64
	P50, P99   time.Duration
	FirstError string `json:",omitempty"`
}

func measure(r loadgen.Result) Measure {
	m := Measure{Requests: r.Requests, Errors: r.Errors, Elapsed: r.Elapsed, RPS: r.RPS(),
		P50: r.Quantile(0.50), P99: r.Quantile(0.99)}
	if r.FirstError != nil {
		m.FirstError = r.FirstError.Error()
	}
	return m
}

// Pair is one scenario measured on both engines.
type Pair struct {
	Scenario   string
	Plugin, KV Measure
	// PluginRSS is the plugin's resident memory right after the scenario.
	PluginRSS int64
}

// Ratio is the plugin's throughput as a fraction of KV v2's.
func (p Pair) Ratio() float64 {
	if p.KV.RPS == 0 {
		return 0
	}
	return p.Plugin.RPS / p.KV.RPS
}

// Step is everything measured at one data-set size.
type Step struct {
	Secrets int
	// Load is how long loading this step's new secrets took on each engine.
	LoadPlugin, LoadKV Measure
	Pairs              []Pair
	// LoadedRSS is the plugin's resident memory right after the load; RSS is
	// the most it held at this size (after the load or any scenario), and
	// PeakRSS its high-water mark (VmHWM) since it started.
	LoadedRSS, RSS, PeakRSS int64
	// ServerRSS is the Vault server's resident memory at the end of the step.
	ServerRSS int64
}

// Pair returns the step's figures for a scenario.
func (s Step) Pair(scenario string) (Pair, bool) {
	for _, p := range s.Pairs {
		if p.Scenario == scenario {
			return p, true
		}
	}
	return Pair{}, false
}

// Results is a whole run.
type Results struct {
	Started     time.Time
	Config      Config `json:"-"`
	BaselineRSS int64  // the plugin's, after warm-up with no secrets stored
	Steps       []Step
}

// Scenario names.
const (
	Read  = "read"  // creds/<name> vs KV v2 read
	Write = "write" // secrets/<kind>/<name> update vs KV v2 put
	List  = "list"  // LIST secrets/<kind>/ vs LIST secret/metadata/<kind>/
)

type scenario struct {
	name       string
	plugin, kv func(n int) loadgen.Next
}

func scenarios(d *dataset) []scenario {
	random := func(req func(int) loadgen.Request) func(n int) loadgen.Next {
		return func(n int) loadgen.Next {
			return func(_ int, rng *rand.Rand) loadgen.Request { return req(rng.IntN(n)) }
		}
	}
	randomKind := func(req func(int) loadgen.Request) func(n int) loadgen.Next {
		return func(int) loadgen.Next {
			return func(_ int, rng *rand.Rand) loadgen.Request { return req(rng.IntN(len(d.kinds))) }
		}
	}
	return []scenario{
		{Read, random(d.pluginRead), random(d.kvRead)},
		{Write, random(d.pluginWrite), random(d.kvWrite)},
		{List, randomKind(d.pluginList), randomKind(d.kvList)},
	}
}

// Run measures the target at every size in turn, growing one data set.
func Run(ctx context.Context, t Target, c Config) (*Results, error) {
	if len(c.Sizes) == 0 || c.Duration <= 0 || c.Concurrency < 1 {
		return nil, fmt.Errorf("bench: need sizes, a duration and a concurrency")
	}
	c.Rounds = max(c.Rounds, 1)
	c.LoadWorkers = max(c.LoadWorkers, 1)
	d, err := newDataset(t.Addr, t.Mount)
	if err != nil {
		return nil, err
	}
	r := &runner{t: t, c: c, d: d, client: loadgen.NewClient(max(c.Concurrency, c.LoadWorkers)),
		header: http.Header{"X-Vault-Token": {t.Token}}}
	res := &Results{Started: time.Now().UTC(), Config: c}

	if err := r.warmEmpty(ctx); err != nil {
		return nil, err
	}
	if res.BaselineRSS, _, err = t.PluginMemory(); err != nil {
		return nil, fmt.Errorf("reading the plugin's memory: %w", err)
	}
	r.logf("plugin RSS with no secrets: %.1f MiB", mib(res.BaselineRSS))

	have := 0
	for i, n := range c.Sizes {
		if n <= have {
			return nil, fmt.Errorf("bench: sizes must ascend, got %d after %d", n, have)
		}
		st, err := r.step(ctx, have, n, i == len(c.Sizes)-1)
		if err != nil {
			return res, err
		}
		res.Steps = append(res.Steps, st)
		have = n
	}
	return res, nil
}

type runner struct {
	t      Target
	c      Config
	d      *dataset
	client *http.Client
	header http.Header
}

func (r *runner) logf(format string, args ...any) {
	if r.c.Progress != nil {
		fmt.Fprintf(r.c.Progress, time.Now().UTC().Format("15:04:05 ")+format+"\n", args...)
	}
}

func (r *runner) run(ctx context.Context, next loadgen.Next, workers int, d time.Duration, count int) (loadgen.Result, error) {
	return loadgen.Run(ctx, loadgen.Config{Client: r.client, Header: r.header, Workers: workers,
		Duration: d, Requests: count, Next: next, Seed: r.c.Seed})
}

// warmEmpty exercises the plugin (lists of every kind, which succeed with
// nothing stored) so that the baseline memory includes the connection and
// request buffers that any load brings, not only an idle process.
func (r *runner) warmEmpty(ctx context.Context) error {
	next := func(_ int, rng *rand.Rand) loadgen.Request {
		return loadgen.Request{Method: http.MethodGet, URL: fmt.Sprintf("%s/v1/%s/types/%s", r.d.base, r.d.mount, r.d.kinds[rng.IntN(len(r.d.kinds))])}
	}
	res, err := r.run(ctx, next, r.c.Concurrency, max(r.c.Warmup, 200*time.Millisecond), 0)
	if err != nil {
		return err
	}
	if res.Errors > 0 || res.Requests == 0 {
		return fmt.Errorf("warming the plugin up: %d of %d requests failed: %v", res.Errors, res.Requests, res.FirstError)
	}
	return nil
}

func (r *runner) step(ctx context.Context, have, n int, last bool) (Step, error) {
	st := Step{Secrets: n}
	var err error
	r.logf("loading secrets %d to %d into the plugin", have, n)
	if st.LoadPlugin, err = r.load(ctx, have, n, r.d.pluginWrite); err != nil {
		return st, err
	}
	r.logf("  %.0f writes/s; loading the same into KV v2", st.LoadPlugin.RPS)
	if st.LoadKV, err = r.load(ctx, have, n, r.d.kvWrite); err != nil {
		return st, err
	}
	r.logf("  %.0f writes/s", st.LoadKV.RPS)
	if err := r.checkCount(ctx, n); err != nil {
		return st, err
	}
	if st.LoadedRSS, _, err = r.t.PluginMemory(); err != nil {
		return st, fmt.Errorf("reading the plugin's memory: %w", err)
	}
	st.RSS = st.LoadedRSS
	for _, sc := range scenarios(r.d) {
		p, err := r.pair(ctx, sc, n, last)
		if err != nil {
			return st, err
		}
		if p.PluginRSS, st.PeakRSS, err = r.t.PluginMemory(); err != nil {
			return st, fmt.Errorf("reading the plugin's memory: %w", err)
		}
		st.RSS = max(st.RSS, p.PluginRSS)
		r.logf("  %-5s plugin %7.0f/s p99 %-9v kv %7.0f/s p99 %-9v ratio %.2f; plugin RSS %.1f MiB", sc.name,
			p.Plugin.RPS, roundDur(p.Plugin.P99), p.KV.RPS, roundDur(p.KV.P99), p.Ratio(), mib(p.PluginRSS))
		st.Pairs = append(st.Pairs, p)
	}
	if r.t.ServerMemory != nil {
		if st.ServerRSS, _, err = r.t.ServerMemory(); err != nil {
			return st, fmt.Errorf("reading the server's memory: %w", err)
		}
	}
	r.logf("  plugin RSS at most %.1f MiB (high-water mark %.1f MiB); Vault RSS %.0f MiB", mib(st.RSS), mib(st.PeakRSS), mib(st.ServerRSS))
	return st, nil
}

// load writes secrets [from, to) and fails on any refused write: a load that
// lost secrets would make every later figure meaningless.
func (r *runner) load(ctx context.Context, from, to int, req func(int) loadgen.Request) (Measure, error) {
	res, err := r.run(ctx, func(i int, _ *rand.Rand) loadgen.Request { return req(from + i) }, r.c.LoadWorkers, 0, to-from)
	if err != nil {
		return Measure{}, err
	}
	if res.Errors > 0 || res.Requests != to-from {
		return measure(res), fmt.Errorf("loading secrets %d to %d: %d of %d writes failed: %v", from, to, res.Errors, to-from, res.FirstError)
	}
	return measure(res), nil
}

// checkCount lists the first kind on both engines and expects every secret
// of that kind the data set holds.
func (r *runner) checkCount(ctx context.Context, n int) error {
	want := (n + len(r.d.kinds) - 1) / len(r.d.kinds)
	for _, rq := range []loadgen.Request{r.d.pluginList(0), r.d.kvList(0)} {
		got, err := r.countKeys(ctx, rq.URL)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("%s lists %d keys, want %d", rq.URL, got, want)
		}
	}
	return nil
}

func (r *runner) countKeys(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header = r.header.Clone()
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Keys []string `json:"keys"`
		} `json:"data"`
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("%s: %w", url, err)
	}
	return len(body.Data.Keys), nil
}

// pair measures one scenario on both engines. The measured time is split into
// rounds that alternate which engine goes first, so drift in the machine's
// load (it may be shared) falls on both alike.
func (r *runner) pair(ctx context.Context, sc scenario, n int, profile bool) (Pair, error) {
	p := Pair{Scenario: sc.name}
	sides := []func(int) loadgen.Next{sc.plugin, sc.kv}
	var got [2][]loadgen.Result
	for _, mk := range sides {
		if r.c.Warmup > 0 {
			if _, err := r.run(ctx, mk(n), r.c.Concurrency, r.c.Warmup, 0); err != nil {
				return p, err
			}
		}
	}
	per := r.c.Duration / time.Duration(r.c.Rounds)
	for round := 0; round < r.c.Rounds; round++ {
		for j := 0; j < 2; j++ {
			side := (j + round) % 2
			var stop func() error
			if side == 0 && round == 0 && profile && r.c.Profile != nil {
				stop = r.c.Profile(ctx, sc.name, per)
			}
			res, err := r.run(ctx, sides[side](n), r.c.Concurrency, per, 0)
			if err != nil {
				return p, err
			}
			if stop != nil {
				if err := stop(); err != nil {
					r.logf("  profiling %s: %v", sc.name, err)
				}
			}
			got[side] = append(got[side], res)
		}
	}
	p.Plugin, p.KV = measure(loadgen.Merge(got[0]...)), measure(loadgen.Merge(got[1]...))
	return p, nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
