package iamfake

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// TestSelfServiceRotation walks the plugin's rotation with the real SDK:
// the user, acting only on itself, reads its details, lists, creates,
// verifies via STS and deletes the old key.
func TestSelfServiceRotation(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	oldID, oldSecret := f.srv.CreateUser("alice")
	client := f.iam(oldID, oldSecret)

	u, err := client.GetUser(ctx, &iam.GetUserInput{})
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if got := aws.ToString(u.User.UserName); got != "alice" {
		t.Errorf("UserName = %q, want alice", got)
	}
	if got := aws.ToString(u.User.Arn); got != "arn:aws:iam::123456789012:user/alice" {
		t.Errorf("Arn = %q", got)
	}
	if aws.ToString(u.User.Path) != "/" || len(aws.ToString(u.User.UserId)) != 21 || u.User.CreateDate == nil {
		t.Errorf("incomplete user: %+v", u.User)
	}
	// Naming yourself is the same as omitting the name.
	if _, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatalf("GetUser(alice) as alice: %v", err)
	}

	list, err := client.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	if err != nil {
		t.Fatalf("ListAccessKeys: %v", err)
	}
	if len(list.AccessKeyMetadata) != 1 {
		t.Fatalf("listed %d keys, want 1", len(list.AccessKeyMetadata))
	}
	md := list.AccessKeyMetadata[0]
	keys := f.srv.Keys("alice")
	if aws.ToString(md.AccessKeyId) != oldID || md.Status != types.StatusTypeActive ||
		aws.ToString(md.UserName) != "alice" || !md.CreateDate.Equal(keys[0].Created) || list.IsTruncated {
		t.Errorf("metadata %+v does not match key %s created %v", md, oldID, keys[0].Created)
	}

	created, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	if err != nil {
		t.Fatalf("CreateAccessKey: %v", err)
	}
	newID := aws.ToString(created.AccessKey.AccessKeyId)
	newSecret := aws.ToString(created.AccessKey.SecretAccessKey)
	if !keyIDPattern.MatchString(newID) || !secretPattern.MatchString(newSecret) {
		t.Errorf("key %q / secret %q do not look like AWS credentials", newID, newSecret)
	}
	if aws.ToString(created.AccessKey.UserName) != "alice" || created.AccessKey.Status != types.StatusTypeActive || created.AccessKey.CreateDate == nil {
		t.Errorf("incomplete access key: %+v", created.AccessKey)
	}
	if got := f.callerARN(t, newID, newSecret); got != "arn:aws:iam::123456789012:user/alice" {
		t.Errorf("new key's caller ARN = %q", got)
	}

	// The new key retires the old one, as the plugin does.
	_, err = f.iam(newID, newSecret).DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(oldID)})
	if err != nil {
		t.Fatalf("DeleteAccessKey: %v", err)
	}
	if keys := f.srv.Keys("alice"); len(keys) != 1 || keys[0].ID != newID {
		t.Errorf("keys after rotation = %+v, want only %s", keys, newID)
	}
	if f.srv.KeyWorks(oldID, oldSecret) || !f.srv.KeyWorks(newID, newSecret) {
		t.Errorf("KeyWorks: old should be dead, new alive")
	}
}

func TestThirdKeyLimitExceeded(t *testing.T) {
	f := start(t)
	id, secret := f.srv.CreateUser("alice")
	client := f.iam(id, secret)
	if _, err := client.CreateAccessKey(context.Background(), &iam.CreateAccessKeyInput{}); err != nil {
		t.Fatalf("second key: %v", err)
	}

	_, err := client.CreateAccessKey(context.Background(), &iam.CreateAccessKeyInput{})
	wantAPIError(t, err, "LimitExceeded", 409)
	// The SDK maps the code to its modelled exception type, so the plugin
	// can match on the type as well as the code.
	var limit *types.LimitExceededException
	if !errors.As(err, &limit) {
		t.Errorf("error %T is not *types.LimitExceededException", err)
	}
	if n := len(f.srv.Keys("alice")); n != 2 {
		t.Errorf("alice has %d keys, want 2", n)
	}
}

func TestMissingKeyNoSuchEntity(t *testing.T) {
	f := start(t)
	id, secret := f.srv.CreateUser("alice")
	client := f.iam(id, secret)
	ctx := context.Background()

	_, err := client.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String("AKIAAAAAAAAAAAAAAAAA")})
	wantAPIError(t, err, "NoSuchEntity", 404)
	var nse *types.NoSuchEntityException
	if !errors.As(err, &nse) {
		t.Errorf("error %T is not *types.NoSuchEntityException", err)
	}

	_, err = client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{AccessKeyId: aws.String("AKIAAAAAAAAAAAAAAAAA"), Status: types.StatusTypeInactive})
	wantAPIError(t, err, "NoSuchEntity", 404)
}

func TestOtherUsersKeysAccessDenied(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	aliceID, aliceSecret := f.srv.CreateUser("alice")
	bobID, _ := f.srv.CreateUser("bob")
	alice := f.iam(aliceID, aliceSecret)
	bob := aws.String("bob")

	_, err := alice.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: bob})
	wantAPIError(t, err, "AccessDenied", 403)
	_, err = alice.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: bob})
	wantAPIError(t, err, "AccessDenied", 403)
	_, err = alice.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: bob, AccessKeyId: aws.String(bobID)})
	wantAPIError(t, err, "AccessDenied", 403)
	_, err = alice.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
	wantAPIError(t, err, "AccessDenied", 403) // no peeking at which users exist

	// Without a UserName the target is alice, who does not own bob's key.
	_, err = alice.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(bobID)})
	wantAPIError(t, err, "NoSuchEntity", 404)
	if n := len(f.srv.Keys("bob")); n != 1 {
		t.Fatalf("bob has %d keys, want 1 untouched", n)
	}

	// An admin may act on anyone.
	f.srv.SetAdmin("alice", true)
	if _, err := alice.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: bob, AccessKeyId: aws.String(bobID)}); err != nil {
		t.Fatalf("admin DeleteAccessKey: %v", err)
	}
	_, err = alice.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
	wantAPIError(t, err, "NoSuchEntity", 404)
}

func TestRootIdentity(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	f.srv.CreateUser("alice")
	rootID, rootSecret := f.srv.CreateRootKey()
	root := f.iam(rootID, rootSecret)

	u, err := root.GetUser(ctx, &iam.GetUserInput{})
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	// Real IAM returns the root with the account id as UserId and no name.
	if got := aws.ToString(u.User.Arn); got != "arn:aws:iam::123456789012:root" {
		t.Errorf("Arn = %q", got)
	}
	if u.User.UserName != nil || aws.ToString(u.User.UserId) != AccountID {
		t.Errorf("root user = %+v, want no UserName and UserId %s", u.User, AccountID)
	}
	if got := f.callerARN(t, rootID, rootSecret); got != "arn:aws:iam::123456789012:root" {
		t.Errorf("caller ARN = %q", got)
	}

	list, err := root.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	if err != nil || len(list.AccessKeyMetadata) != 1 || aws.ToString(list.AccessKeyMetadata[0].AccessKeyId) != rootID {
		t.Fatalf("root ListAccessKeys = %+v, %v", list, err)
	}
	// The root may manage every user in its account.
	if _, err := root.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("alice")}); err != nil {
		t.Fatalf("root listing alice's keys: %v", err)
	}
}
