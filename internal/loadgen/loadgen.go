// Package loadgen drives HTTP load at a server on loopback: a fixed number of
// concurrent workers over keep-alive connections, for a fixed duration or a
// fixed number of requests, recording every request's latency.
//
// It exists so the benchmarks need no external tool (wrk) and so the same
// code loads data and measures it. Every run is bounded in time or count.
package loadgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one request to send. Body may be nil.
type Request struct {
	Method string
	URL    string
	Body   []byte
}

// Next builds the i-th request of a run (i counts from 0 across all workers).
// rng belongs to the calling worker, so Next needs no locking to use it.
type Next func(i int, rng *rand.Rand) Request

// Config describes one run. Exactly one of Duration and Requests bounds it;
// when both are set the run stops at whichever comes first.
type Config struct {
	Client  *http.Client
	Header  http.Header // sent with every request (the Vault token)
	Workers int
	// Duration bounds the run in time.
	Duration time.Duration
	// Requests bounds the run in count.
	Requests int
	Next     Next
	// Seed makes the workers' random choices repeatable.
	Seed uint64
}

// Result is what one run measured. Latencies holds every request's latency,
// successful or not, sorted ascending.
type Result struct {
	Requests  int
	Errors    int
	Elapsed   time.Duration
	Latencies []time.Duration
	// FirstError describes the first failed request (status and a short body),
	// so a broken run says why.
	FirstError error
}

// RPS is requests per second over the run's wall time.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Quantile returns the latency below which a fraction q of requests fell
// (nearest rank), or 0 for an empty run.
func (r Result) Quantile(q float64) time.Duration {
	n := len(r.Latencies)
	if n == 0 {
		return 0
	}
	idx := int(q*float64(n)+0.5) - 1
	idx = min(max(idx, 0), n-1)
	return r.Latencies[idx]
}

// Merge combines runs of the same scenario (rounds interleaved with another
// scenario's): counts and wall times add up and latencies are pooled.
func Merge(rs ...Result) Result {
	var out Result
	for _, r := range rs {
		out.Requests += r.Requests
		out.Errors += r.Errors
		out.Elapsed += r.Elapsed
		out.Latencies = append(out.Latencies, r.Latencies...)
		if out.FirstError == nil {
			out.FirstError = r.FirstError
		}
	}
	sort.Slice(out.Latencies, func(i, j int) bool { return out.Latencies[i] < out.Latencies[j] })
	return out
}

// NewClient returns a client that keeps one idle connection per worker, so
// a run measures requests and not TCP handshakes.
func NewClient(workers int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        workers * 2,
			MaxIdleConnsPerHost: workers * 2,
			MaxConnsPerHost:     workers * 2,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}

// Run sends requests until the duration passes, the count is reached or ctx
// ends, and returns what it measured. A request that fails or answers with a
// status outside 2xx counts as an error; the run goes on.
func Run(ctx context.Context, c Config) (Result, error) {
	if c.Workers < 1 || c.Next == nil || c.Client == nil {
		return Result{}, errors.New("loadgen: need a client, at least one worker and a request builder")
	}
	if c.Duration <= 0 && c.Requests <= 0 {
		return Result{}, errors.New("loadgen: need a duration or a request count")
	}
	if c.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Duration)
		defer cancel()
	}
	var (
		seq      atomic.Int64
		errCount atomic.Int64
		firstErr error
		errOnce  sync.Once
		wg       sync.WaitGroup
	)
	lats := make([][]time.Duration, c.Workers)
	start := time.Now()
	for w := 0; w < c.Workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(c.Seed, uint64(w)))
			for ctx.Err() == nil {
				i := int(seq.Add(1) - 1)
				if c.Requests > 0 && i >= c.Requests {
					return
				}
				t0 := time.Now()
				err := do(ctx, c, c.Next(i, rng))
				if ctx.Err() != nil && err != nil {
					return // cut off by the deadline: not the server's failure
				}
				lats[w] = append(lats[w], time.Since(t0))
				if err != nil {
					errCount.Add(1)
					errOnce.Do(func() { firstErr = err })
				}
			}
		}(w)
	}
	wg.Wait()
	r := Result{Elapsed: time.Since(start)}
	for _, l := range lats {
		r.Latencies = append(r.Latencies, l...)
	}
	sort.Slice(r.Latencies, func(i, j int) bool { return r.Latencies[i] < r.Latencies[j] })
	r.Requests = len(r.Latencies)
	r.Errors = int(errCount.Load())
	r.FirstError = firstErr
	return r, nil
}

func do(ctx context.Context, c Config, rq Request) error {
	var body io.Reader
	if rq.Body != nil {
		body = bytes.NewReader(rq.Body)
	}
	req, err := http.NewRequestWithContext(ctx, rq.Method, rq.URL, body)
	if err != nil {
		return err
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if rq.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s %s: status %d: %s", rq.Method, rq.URL, resp.StatusCode, bytes.TrimSpace(msg))
	}
	// Drain the body so the connection is reused.
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
