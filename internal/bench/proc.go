package bench

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ProcMemory sums the resident set (VmRSS) and its peak (VmHWM) of the given
// processes, read from /proc/<pid>/status, in bytes.
func ProcMemory(pids []int) (rss, peak int64, err error) {
	if len(pids) == 0 {
		return 0, 0, fmt.Errorf("no plugin process is running")
	}
	for _, pid := range pids {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return 0, 0, err
		}
		vals, err := statusKB(f, "VmRSS:", "VmHWM:")
		f.Close()
		if err != nil {
			return 0, 0, fmt.Errorf("process %d: %w", pid, err)
		}
		rss += vals[0] << 10
		peak += vals[1] << 10
	}
	return rss, peak, nil
}

// statusKB reads "Key:   1234 kB" lines of a /proc status file.
func statusKB(f *os.File, keys ...string) ([]int64, error) {
	out := make([]int64, len(keys))
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		for i, k := range keys {
			if fields[0] == k {
				n, err := strconv.ParseInt(fields[1], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("%s %q: %w", k, fields[1], err)
				}
				out[i] = n
				found++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if found != len(keys) {
		return nil, fmt.Errorf("want %s in the status file", strings.Join(keys, ", "))
	}
	return out, nil
}
