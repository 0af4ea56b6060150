package iamfake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestWrongSecretSignatureDoesNotMatch(t *testing.T) {
	f := start(t)
	id, secret := f.srv.CreateUser("alice")
	wrong := "x" + secret[1:]
	if wrong == secret {
		wrong = "y" + secret[1:]
	}

	_, err := f.iam(id, wrong).ListAccessKeys(context.Background(), &iam.ListAccessKeysInput{})
	wantAPIError(t, err, "SignatureDoesNotMatch", 403)
	_, err = f.sts(id, wrong).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "SignatureDoesNotMatch", 403)
}

func TestDeletedOrUnknownKeyInvalidClientTokenId(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	oldID, oldSecret := f.srv.CreateUser("alice")
	newID, newSecret := f.srv.AddKey("alice", true)
	if _, err := f.iam(newID, newSecret).DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(oldID)}); err != nil {
		t.Fatalf("DeleteAccessKey: %v", err)
	}

	_, err := f.sts(oldID, oldSecret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "InvalidClientTokenId", 403)
	_, err = f.iam(oldID, oldSecret).GetUser(ctx, &iam.GetUserInput{})
	wantAPIError(t, err, "InvalidClientTokenId", 403)
	_, err = f.sts("AKIAIOSFODNN7EXAMPLE", oldSecret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "InvalidClientTokenId", 403)
}

func TestInactiveKeyInvalidClientTokenId(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	oldID, oldSecret := f.srv.CreateUser("alice")
	newID, newSecret := f.srv.AddKey("alice", true)
	admin := f.iam(newID, newSecret)

	_, err := admin.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{AccessKeyId: aws.String(oldID), Status: types.StatusTypeInactive})
	if err != nil {
		t.Fatalf("deactivate: %v", err)
	}
	if k := f.srv.Keys("alice")[0]; k.ID != oldID || k.Status != "Inactive" {
		t.Fatalf("key after deactivation = %+v", k)
	}
	_, err = f.sts(oldID, oldSecret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "InvalidClientTokenId", 403)

	_, err = admin.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{AccessKeyId: aws.String(oldID), Status: types.StatusTypeActive})
	if err != nil {
		t.Fatalf("reactivate: %v", err)
	}
	f.callerARN(t, oldID, oldSecret)
}

// bodyRewriter alters each request body after the SDK has signed it, the
// way a broken proxy would.
type bodyRewriter struct{ from, to string }

func (b bodyRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	body = bytes.Replace(body, []byte(b.from), []byte(b.to), 1)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return http.DefaultTransport.RoundTrip(r)
}

// TestSignatureCoversBody shows the check is a real SigV4 verification and
// not a key lookup: a correctly signed request whose body changed in
// transit (same length, so only the payload hash differs) is rejected.
func TestSignatureCoversBody(t *testing.T) {
	f := start(t)
	id, secret := f.srv.CreateUser("alice")
	f.srv.CreateUser("alicf")
	f.srv.SetAdmin("alice", true)
	client := iam.New(iam.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(id, secret, ""),
		BaseEndpoint: aws.String(f.url),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: bodyRewriter{"UserName=alice", "UserName=alicf"}},
	})
	_, err := client.GetUser(context.Background(), &iam.GetUserInput{UserName: aws.String("alice")})
	wantAPIError(t, err, "SignatureDoesNotMatch", 403)
}

// rawRequest builds a Query request by hand so the tests can sign it in
// ways the SDK never would.
func rawRequest(t *testing.T, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func sign(t *testing.T, req *http.Request, body, keyID, secret, service string, at time.Time) {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: keyID, SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, "us-east-1", at); err != nil {
		t.Fatal(err)
	}
}

type wireError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Type    string   `xml:"Error>Type"`
	Code    string   `xml:"Error>Code"`
	Message string   `xml:"Error>Message"`
	ReqID   string   `xml:"RequestId"`
}

// do sends req and decodes the error document it must get back.
func do(t *testing.T, req *http.Request, wantStatus int) wireError {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, wantStatus, raw)
	}
	var e wireError
	if err := xml.Unmarshal(raw, &e); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	if e.ReqID == "" || e.ReqID != resp.Header.Get("x-amzn-RequestId") {
		t.Errorf("RequestId %q does not match header %q", e.ReqID, resp.Header.Get("x-amzn-RequestId"))
	}
	return e
}

func TestRawSignatureChecks(t *testing.T) {
	f := start(t)
	id, secret := f.srv.CreateUser("alice")
	const body = "Action=GetUser&Version=2010-05-08"

	cases := []struct {
		name    string
		prepare func(*http.Request)
		status  int
		code    string
	}{
		{"unsigned", func(*http.Request) {}, 403, "MissingAuthenticationToken"},
		{"garbled header", func(r *http.Request) { r.Header.Set("Authorization", "AWS4-HMAC-SHA256 nonsense") }, 400, "IncompleteSignature"},
		{"scoped to sts", func(r *http.Request) { sign(t, r, body, id, secret, "sts", time.Now()) }, 403, "SignatureDoesNotMatch"},
		{"expired", func(r *http.Request) { sign(t, r, body, id, secret, "iam", time.Now().Add(-time.Hour)) }, 403, "SignatureDoesNotMatch"},
		{"header added after signing", func(r *http.Request) {
			sign(t, r, body, id, secret, "iam", time.Now())
			r.Header.Set("Content-Type", "text/plain")
		}, 403, "SignatureDoesNotMatch"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := rawRequest(t, f.url, body)
			tc.prepare(req)
			e := do(t, req, tc.status)
			if e.Code != tc.code || e.Type != "Sender" {
				t.Errorf("got %s/%s (%s), want Sender/%s", e.Type, e.Code, e.Message, tc.code)
			}
		})
	}

	// The control: the same hand-built request, correctly signed, works.
	req := rawRequest(t, f.url, body)
	sign(t, req, body, id, secret, "iam", time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(raw, []byte(`<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>`)) {
		t.Errorf("signed raw request: %d %s", resp.StatusCode, raw)
	}
}

func TestUnknownActionOrVersion(t *testing.T) {
	f := start(t)
	for _, body := range []string{
		"Action=CreateUser&Version=2010-05-08",
		"Action=GetUser&Version=2011-06-15",
		"Version=2010-05-08",
	} {
		e := do(t, rawRequest(t, f.url, body), 400)
		if e.Code != "InvalidAction" && e.Code != "MissingAction" {
			t.Errorf("%s: code %s, want InvalidAction or MissingAction", body, e.Code)
		}
	}
}
