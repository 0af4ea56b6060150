package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// PprofHook returns a Config.Profile that takes, from a plugin built with
// -tags pprof and serving on addr, a CPU profile covering the measured round
// (<dir>/<scenario>-cpu.pprof) and then the allocation profile
// (<dir>/<scenario>-allocs.pprof, cumulative since the process started).
func PprofHook(addr, dir string) func(ctx context.Context, scenario string, during time.Duration) func() error {
	return func(ctx context.Context, scenario string, during time.Duration) func() error {
		secs := max(int(during/time.Second), 1)
		done := make(chan error, 1)
		go func() {
			done <- fetch(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), filepath.Join(dir, scenario+"-cpu.pprof"))
		}()
		return func() error {
			if err := <-done; err != nil {
				return err
			}
			return fetch(ctx, fmt.Sprintf("http://%s/debug/pprof/allocs", addr), filepath.Join(dir, scenario+"-allocs.pprof"))
		}
	}
}

func fetch(ctx context.Context, url, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
