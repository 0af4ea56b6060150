package iamfake

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// AccountID is the AWS account every identity on the fake belongs to.
const AccountID = "123456789012"

// RootUser names the account root identity in the test controls (Keys,
// AddKey). The leading colon is not allowed in IAM user names, so no
// API-created user can collide with it, and no API call can name it.
const RootUser = ":root"

// maxKeysPerUser is IAM's AccessKeysPerUser quota, which cannot be raised.
const maxKeysPerUser = 2

// maxBodyBytes bounds what a request may send; real Query requests for the
// actions served here are a few hundred bytes.
const maxBodyBytes = 1 << 20

// Server is the fake IAM + STS endpoint. All state is guarded by mu, and
// each request is handled entirely under it, so the test controls may be
// called from any goroutine while the plugin is talking to the server.
type Server struct {
	mu     sync.Mutex
	users  map[string]*user      // by user name; the root under RootUser
	keys   map[string]*accessKey // by access key id, across all users
	calls  map[string]int        // requests seen, by Action
	faults []*fault
	warmup int // STS warmup given to keys made by CreateAccessKey
}

type user struct {
	name    string // RootUser for the root identity
	id      string // AIDA... for users; the account id for the root
	created time.Time
	admin   bool     // may act on other users (always true for the root)
	keys    []string // access key ids in creation order
}

type accessKey struct {
	id      string
	secret  string
	user    string
	active  bool
	created time.Time
	warmup  int // GetCallerIdentity calls still to reject
}

// New returns an empty server: no users, no faults, no warmup.
func New() *Server {
	return &Server{
		users: map[string]*user{},
		keys:  map[string]*accessKey{},
		calls: map[string]int{},
	}
}

// Start serves s on a loopback port until the test ends and returns the
// base URL to give the SDK clients as BaseEndpoint. Where no testing.TB is
// at hand (TestMain), serve it directly: Server is an http.Handler, so
// httptest.NewServer(s) works the same way.
func (s *Server) Start(t testing.TB) string {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL
}

// operation is one Query action the fake understands.
type operation struct {
	service string // SigV4 service name the request must be scoped to
	version string // the API version the SDK sends for this service
	handle  func(s *Server, caller *user, key *accessKey, form url.Values) (any, *apiError)
}

const (
	iamVersion = "2010-05-08"
	stsVersion = "2011-06-15"
)

var operations = map[string]operation{
	"GetUser":           {"iam", iamVersion, (*Server).getUser},
	"ListAccessKeys":    {"iam", iamVersion, (*Server).listAccessKeys},
	"CreateAccessKey":   {"iam", iamVersion, (*Server).createAccessKey},
	"DeleteAccessKey":   {"iam", iamVersion, (*Server).deleteAccessKey},
	"UpdateAccessKey":   {"iam", iamVersion, (*Server).updateAccessKey},
	"GetCallerIdentity": {"sts", stsVersion, (*Server).getCallerIdentity},
}

// ServeHTTP handles one Query request: parse, count, apply faults,
// authenticate, then run the action. The order mirrors what a caller can
// observe from AWS: an unknown action is rejected before the signature is
// examined, and authorization happens inside each action.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := newRequestID()
	w.Header().Set("x-amzn-RequestId", reqID)

	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		writeError(w, iamNamespace, reqID, errorf(400, "MalformedQueryString", "could not read request body: %v", err))
		return
	}
	if r.Method != http.MethodPost {
		// The SDK always POSTs; a GET here means a misconfigured client.
		writeError(w, iamNamespace, reqID, errorf(400, "InvalidAction", "only POST Query requests are supported, got %s", r.Method))
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		writeError(w, iamNamespace, reqID, errorf(400, "MalformedQueryString", "%v", err))
		return
	}

	action := form.Get("Action")
	op, ok := operations[action]
	ns := namespaceFor(op.service)
	switch {
	case action == "":
		writeError(w, ns, reqID, errorf(400, "MissingAction", "Missing Action"))
		return
	case !ok || form.Get("Version") != op.version:
		writeError(w, ns, reqID, errorf(400, "InvalidAction",
			"Could not find operation %s for version %s", action, form.Get("Version")))
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	s.calls[action]++
	if apiErr := s.takeFault(action); apiErr != nil {
		writeError(w, ns, reqID, apiErr)
		return
	}
	key, apiErr := s.authenticate(r, body, op.service)
	if apiErr != nil {
		writeError(w, ns, reqID, apiErr)
		return
	}
	result, apiErr := op.handle(s, s.users[key.user], key, form)
	if apiErr != nil {
		writeError(w, ns, reqID, apiErr)
		return
	}
	writeResult(w, ns, action, reqID, result)
}
