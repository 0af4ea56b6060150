package seaweed

import (
	"net"
	"strconv"
	"sync"
)

// grpcOffset is how far above each HTTP port weed binds that service's gRPC.
const grpcOffset = 10000

var (
	portsMu sync.Mutex
	// handedOut keeps ports given to earlier servers of this process, so that
	// parallel tests never pick the same one between probe and bind.
	handedOut = map[int]bool{}
)

// freePorts returns n loopback ports p, each with p+grpcOffset free too.
func freePorts(n int) ([]int, error) {
	portsMu.Lock()
	defer portsMu.Unlock()
	var out []int
	for tries := 0; len(out) < n && tries < 200; tries++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		free := p+grpcOffset < 65536 && !handedOut[p] && !handedOut[p+grpcOffset]
		if free {
			l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+grpcOffset))
			free = err == nil
			if l2 != nil {
				l2.Close()
			}
		}
		l.Close()
		if free {
			handedOut[p], handedOut[p+grpcOffset] = true, true
			out = append(out, p)
		}
	}
	if len(out) < n {
		return nil, errNoPorts
	}
	return out, nil
}
