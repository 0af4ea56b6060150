package iamfake

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestControls(t *testing.T) {
	srv := New()
	id, secret := srv.CreateUser("alice")
	if !keyIDPattern.MatchString(id) || !secretPattern.MatchString(secret) {
		t.Errorf("CreateUser returned %q / %q", id, secret)
	}
	offID, offSecret := srv.AddKey("alice", false)
	keys := srv.Keys("alice")
	if len(keys) != 2 || keys[0].ID != id || keys[0].Status != "Active" ||
		keys[1].ID != offID || keys[1].Status != "Inactive" || keys[0].Created.IsZero() {
		t.Errorf("Keys = %+v", keys)
	}
	if !srv.KeyWorks(id, secret) || srv.KeyWorks(id, offSecret) || srv.KeyWorks(offID, offSecret) {
		t.Errorf("KeyWorks must need an active key with its own secret")
	}
	if srv.Keys("nobody") != nil {
		t.Errorf("Keys of an unknown user should be nil")
	}

	rootID, _ := srv.CreateRootKey()
	if k := srv.Keys(RootUser); len(k) != 1 || k[0].ID != rootID {
		t.Errorf("Keys(RootUser) = %+v", k)
	}

	for name, misuse := range map[string]func(){
		"third key":      func() { srv.AddKey("alice", true) },
		"unknown user":   func() { srv.AddKey("nobody", true) },
		"duplicate user": func() { srv.CreateUser("alice") },
		"invalid name":   func() { srv.CreateUser(RootUser) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			misuse()
		}()
	}
}

// TestConcurrentUse runs SDK traffic and test controls together; under
// -race it shows the server's state is properly guarded.
func TestConcurrentUse(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	id, secret := f.srv.CreateUser("alice")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if _, err := f.sts(id, secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
					t.Errorf("GetCallerIdentity: %v", err)
				}
				if _, err := f.iam(id, secret).ListAccessKeys(ctx, &iam.ListAccessKeysInput{}); err != nil {
					t.Errorf("ListAccessKeys: %v", err)
				}
				f.srv.Keys("alice")
				f.srv.KeyWorks(id, secret)
				f.srv.FailAction("GetUser", 1, "")
				f.srv.Calls("GetCallerIdentity")
			}
		}()
	}
	wg.Wait()
	if got := f.srv.Calls("GetCallerIdentity"); got != 20 {
		t.Errorf("Calls(GetCallerIdentity) = %d, want 20", got)
	}
}
