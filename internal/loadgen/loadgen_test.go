package loadgen

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunCountsRequestsAndErrors(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if strings.HasSuffix(r.URL.Path, "/bad") {
			http.Error(w, "no such thing", http.StatusNotFound)
			return
		}
		assert.Equal(t, "tok", r.Header.Get("X-Vault-Token"))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	res, err := Run(context.Background(), Config{
		Client:   NewClient(4),
		Header:   http.Header{"X-Vault-Token": {"tok"}},
		Workers:  4,
		Requests: 100,
		Next: func(i int, _ *rand.Rand) Request {
			if i%10 == 0 {
				return Request{Method: http.MethodGet, URL: srv.URL + "/bad"}
			}
			return Request{Method: http.MethodPut, URL: srv.URL + "/ok", Body: []byte(`{}`)}
		},
	})
	require.NoError(t, err)
	assert.Equal(t, 100, res.Requests)
	assert.Equal(t, int64(100), hits.Load())
	assert.Equal(t, 10, res.Errors)
	require.Error(t, res.FirstError)
	assert.Contains(t, res.FirstError.Error(), "status 404")
	assert.Len(t, res.Latencies, 100)
	assert.Positive(t, res.RPS())
	assert.LessOrEqual(t, res.Quantile(0.5), res.Quantile(0.99))
}

func TestRunStopsAtDuration(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{
		Client:   NewClient(2),
		Workers:  2,
		Duration: 100 * time.Millisecond,
		Next:     func(int, *rand.Rand) Request { return Request{Method: http.MethodGet, URL: srv.URL} },
	})
	require.NoError(t, err)
	assert.Positive(t, res.Requests)
	assert.Zero(t, res.Errors)
	assert.NoError(t, res.FirstError)
}

func TestRunRefusesAnUnboundedRun(t *testing.T) {
	_, err := Run(context.Background(), Config{Client: NewClient(1), Workers: 1,
		Next: func(int, *rand.Rand) Request { return Request{} }})
	assert.Error(t, err)
}

func TestQuantileAndMerge(t *testing.T) {
	a := Result{Requests: 2, Elapsed: time.Second, Latencies: []time.Duration{1, 3}}
	b := Result{Requests: 2, Errors: 1, Elapsed: time.Second, Latencies: []time.Duration{2, 100}}
	m := Merge(a, b)
	assert.Equal(t, 4, m.Requests)
	assert.Equal(t, 1, m.Errors)
	assert.Equal(t, []time.Duration{1, 2, 3, 100}, m.Latencies)
	assert.Equal(t, time.Duration(2), m.Quantile(0.5))
	assert.Equal(t, time.Duration(100), m.Quantile(0.99))
	assert.InDelta(t, 2.0, m.RPS(), 1e-9)
	assert.Zero(t, Result{}.Quantile(0.5))
}
