package devvault

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"syscall"
)

// ErrAddrInUse is returned (wrapped) by Start when the requested address, or
// the cluster port after it that Vault also binds, is already taken.
var ErrAddrInUse = errors.New("address already in use")

var (
	portsMu sync.Mutex
	// handedOut keeps ports given to earlier servers of this process, so that
	// parallel tests never pick the same pair between probe and bind.
	handedOut = map[int]bool{}
)

// FreeAddr picks a loopback port p such that p and p+1 are both free (Vault
// binds its API listener on p and its cluster listener on p+1), for a server
// started by Start or by another program such as make dev.
func FreeAddr() (string, error) {
	portsMu.Lock()
	defer portsMu.Unlock()
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", fmt.Errorf("devvault: no free loopback port: %w", err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+1))
		l.Close()
		if err != nil || handedOut[p] || handedOut[p+1] {
			if l2 != nil {
				l2.Close()
			}
			continue
		}
		l2.Close()
		handedOut[p], handedOut[p+1] = true, true
		return "127.0.0.1:" + strconv.Itoa(p), nil
	}
	return "", errors.New("devvault: found no two consecutive free loopback ports")
}

// checkAddr says clearly when a requested address (or its cluster port, the
// next one) is busy, rather than letting Vault fail with a long log.
func checkAddr(addr string) error {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("devvault: address %q is not host:port: %w", addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port <= 0 || port >= 65535 {
		return fmt.Errorf("devvault: address %q: bad port", addr)
	}
	for _, p := range []int{port, port + 1} {
		hp := net.JoinHostPort(host, strconv.Itoa(p))
		l, err := net.Listen("tcp", hp)
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				what := "the API port"
				if p != port {
					what = "the cluster port (API port + 1)"
				}
				return fmt.Errorf("devvault: %s is busy (%s): another Vault may be running; stop it or pick another address: %w", hp, what, ErrAddrInUse)
			}
			return fmt.Errorf("devvault: cannot listen on %s: %w", hp, err)
		}
		l.Close()
	}
	return nil
}
