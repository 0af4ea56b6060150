package iamfake

import "fmt"

// fault makes a chosen call of one action fail, so tests can interrupt a
// rotation at any step without the plugin knowing it is talking to a fake.
type fault struct {
	action string
	nth    int // 1-based call to fail, counted from registration; 0 = all
	seen   int
	code   string
}

// statusFor maps AWS error codes to the HTTP status AWS sends with them.
// Unlisted codes are treated as client errors (400), which is what AWS uses
// for most codes, e.g. Throttling and ValidationError.
var statusFor = map[string]int{
	"AccessDenied":                  403,
	"ConcurrentModification":        409,
	"EntityTemporarilyUnmodifiable": 409,
	"InternalFailure":               500,
	"InvalidClientTokenId":          403,
	"LimitExceeded":                 409,
	"NoSuchEntity":                  404,
	"ServiceFailure":                500,
	"ServiceUnavailable":            503,
	"SignatureDoesNotMatch":         403,
	"Throttling":                    400,
}

// FailAction makes the nth call (1-based, counted from now) of action fail
// with the given AWS error code; nth 0 fails every call until ClearFaults.
// An empty code means ServiceFailure (HTTP 500), which the SDK's default
// retryer retries. Faults fire before authentication, like an outage at
// the front door, and each request counts towards every fault on its
// action; if two fire on the same call, the one registered first wins. It panics for an action the server does not implement, so that a
// misspelt name fails the test instead of silently never firing.
func (s *Server) FailAction(action string, nth int, code string) {
	if _, ok := operations[action]; !ok {
		panic(fmt.Sprintf("iamfake: FailAction: unknown action %q", action))
	}
	if nth < 0 {
		panic(fmt.Sprintf("iamfake: FailAction: nth must be >= 0, got %d", nth))
	}
	if code == "" {
		code = "ServiceFailure"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{action: action, nth: nth, code: code})
}

// ClearFaults removes every fault registered with FailAction.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// SetNewKeyWarmup makes every key created by CreateAccessKey from now on
// be rejected by GetCallerIdentity with InvalidClientTokenId for its first
// n calls, modelling IAM's eventual consistency: a new key can take seconds
// to be accepted. IAM calls signed with the key are not affected. Keys made
// with the test controls never warm up. n = 0 turns it off.
func (s *Server) SetNewKeyWarmup(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.warmup = n
}

// takeFault advances the faults on action and returns the error of the
// first that fires on this call, if any. Spent one-shot faults are dropped.
// Callers hold s.mu.
func (s *Server) takeFault(action string) *apiError {
	var fired *fault
	kept := s.faults[:0]
	for _, f := range s.faults {
		if f.action != action {
			kept = append(kept, f)
			continue
		}
		f.seen++
		hit := f.nth == 0 || f.seen == f.nth
		if hit && fired == nil {
			fired = f
		}
		if f.nth == 0 || f.seen < f.nth {
			kept = append(kept, f)
		}
	}
	s.faults = kept
	if fired == nil {
		return nil
	}
	status, ok := statusFor[fired.code]
	if !ok {
		status = 400
	}
	return errorf(status, fired.code, "injected fault: call %d of %s", fired.seen, action)
}
