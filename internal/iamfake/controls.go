package iamfake

import (
	"fmt"
	"time"
)

// The test controls below set up and inspect state directly, bypassing
// the wire protocol and faults. They panic on misuse (unknown user, a
// state IAM could never be in) because that is a bug in the test itself.

// Key is an access key as the tests see it.
type Key struct {
	ID      string
	Status  string // "Active" or "Inactive", as IAM spells it
	Created time.Time
}

// CreateUser creates an IAM user with one active access key and returns
// that key.
func (s *Server) CreateUser(name string) (keyID, secret string) {
	if !userNamePattern.MatchString(name) {
		panic(fmt.Sprintf("iamfake: CreateUser: invalid IAM user name %q", name))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[name] != nil {
		panic(fmt.Sprintf("iamfake: CreateUser: user %q already exists", name))
	}
	u := &user{name: name, id: newUserID(), created: now()}
	s.users[name] = u
	k := s.addKey(u, true)
	return k.id, k.secret
}

// CreateRootKey adds an active access key for the account root identity,
// which may act on every user and whose ARN is arn:aws:iam::ACCOUNT:root.
func (s *Server) CreateRootKey() (keyID, secret string) {
	return s.AddKey(RootUser, true)
}

// AddKey adds an access key to an existing user (or RootUser). It panics
// if the user already has the two keys IAM allows.
func (s *Server) AddKey(userName string, active bool) (keyID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.lookup(userName, "AddKey")
	if len(u.keys) >= maxKeysPerUser {
		panic(fmt.Sprintf("iamfake: AddKey: user %q already has %d keys", userName, maxKeysPerUser))
	}
	k := s.addKey(u, active)
	return k.id, k.secret
}

// SetAdmin lets a user act on other users' keys and details, standing in
// for an IAM policy granting it iam:* on every user.
func (s *Server) SetAdmin(userName string, admin bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lookup(userName, "SetAdmin").admin = admin
}

// Keys lists a user's access keys in creation order; nil for an unknown
// user.
func (s *Server) Keys(userName string) []Key {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[userName]
	if u == nil {
		return nil
	}
	out := make([]Key, 0, len(u.keys))
	for _, id := range u.keys {
		k := s.keys[id]
		out = append(out, Key{ID: k.id, Status: keyStatus(k), Created: k.created})
	}
	return out
}

// KeyWorks reports whether the pair would authenticate: the key exists, is
// active and has that secret. It ignores warmup, which only delays STS.
func (s *Server) KeyWorks(keyID, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.keys[keyID]
	return k != nil && k.active && k.secret == secret
}

// Calls returns how many requests for action have arrived, including ones
// that failed authentication or a fault.
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// lookup returns the named user, creating the root identity on first use.
// Callers hold s.mu.
func (s *Server) lookup(name, caller string) *user {
	if u := s.users[name]; u != nil {
		return u
	}
	if name == RootUser {
		u := &user{name: RootUser, id: AccountID, created: now(), admin: true}
		s.users[RootUser] = u
		return u
	}
	panic(fmt.Sprintf("iamfake: %s: no user %q", caller, name))
}

// addKey mints a key for u. Callers hold s.mu and have checked the quota.
func (s *Server) addKey(u *user, active bool) *accessKey {
	k := &accessKey{id: newAccessKeyID(), secret: newSecret(), user: u.name, active: active, created: now()}
	s.keys[k.id] = k
	u.keys = append(u.keys, k.id)
	return k
}

// now is truncated to whole seconds, the precision IAM reports, so the
// times Keys returns equal the CreateDate the SDK parses off the wire.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Second)
}
