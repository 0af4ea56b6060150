package iamfake

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestFailActionNthCall(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	id, secret := f.srv.CreateUser("alice")
	client := f.iam(id, secret)
	list := func() error {
		_, err := client.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
		return err
	}

	// A call before the fault is registered does not count towards nth.
	if err := list(); err != nil {
		t.Fatalf("call before fault: %v", err)
	}
	f.srv.FailAction("ListAccessKeys", 2, "")
	if err := list(); err != nil {
		t.Fatalf("1st call after FailAction: %v", err)
	}
	wantAPIError(t, list(), "ServiceFailure", 500)
	if err := list(); err != nil {
		t.Fatalf("one-shot fault fired again: %v", err)
	}
	if got := f.srv.Calls("ListAccessKeys"); got != 4 {
		t.Errorf("Calls(ListAccessKeys) = %d, want 4", got)
	}
	if got := f.srv.Calls("GetUser"); got != 0 {
		t.Errorf("Calls(GetUser) = %d, want 0", got)
	}
}

func TestFailActionEveryCallWithCode(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	id, secret := f.srv.CreateUser("alice")
	client := f.iam(id, secret)
	f.srv.FailAction("CreateAccessKey", 0, "Throttling")
	f.srv.FailAction("GetCallerIdentity", 1, "AccessDenied")

	for i := 0; i < 3; i++ {
		_, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
		wantAPIError(t, err, "Throttling", 400)
	}
	// Faults are per action: other IAM calls still work.
	if _, err := client.GetUser(ctx, &iam.GetUserInput{}); err != nil {
		t.Fatalf("GetUser during CreateAccessKey outage: %v", err)
	}
	_, err := f.sts(id, secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "AccessDenied", 403)
	if n := len(f.srv.Keys("alice")); n != 1 {
		t.Fatalf("a failed CreateAccessKey left %d keys", n)
	}

	// Codes without a known status are client errors, as most AWS codes are.
	f.srv.FailAction("GetUser", 1, "SomethingNew")
	_, err = client.GetUser(ctx, &iam.GetUserInput{})
	wantAPIError(t, err, "SomethingNew", 400)

	f.srv.ClearFaults()
	if _, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{}); err != nil {
		t.Fatalf("CreateAccessKey after ClearFaults: %v", err)
	}
}

func TestFailActionRejectsUnknownAction(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("FailAction with a misspelt action did not panic")
		}
	}()
	New().FailAction("CreateAccesKey", 1, "")
}

// TestNewKeyWarmup models IAM's eventual consistency: a key minted by
// CreateAccessKey is unknown to STS for its first n calls.
func TestNewKeyWarmup(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	oldID, oldSecret := f.srv.CreateUser("alice")
	f.srv.SetNewKeyWarmup(2)

	out, err := f.iam(oldID, oldSecret).CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	if err != nil {
		t.Fatalf("CreateAccessKey: %v", err)
	}
	newID, newSecret := aws.ToString(out.AccessKey.AccessKeyId), aws.ToString(out.AccessKey.SecretAccessKey)

	// IAM itself accepts the key and does not use up the warmup.
	if _, err := f.iam(newID, newSecret).GetUser(ctx, &iam.GetUserInput{}); err != nil {
		t.Fatalf("GetUser with warming key: %v", err)
	}
	for i := 1; i <= 2; i++ {
		_, err := f.sts(newID, newSecret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, "InvalidClientTokenId", 403)
	}
	f.callerARN(t, newID, newSecret)
	// Keys that existed before, or were made by the test controls, are
	// never delayed.
	f.callerARN(t, oldID, oldSecret)
	bobID, bobSecret := f.srv.CreateUser("bob")
	f.callerARN(t, bobID, bobSecret)
}
