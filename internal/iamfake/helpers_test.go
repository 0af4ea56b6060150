package iamfake

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

var (
	keyIDPattern  = regexp.MustCompile(`^AKIA[A-Z0-9]{16}$`)
	secretPattern = regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
)

// fixture is a started server plus its URL, so each test builds the real
// SDK clients it needs for whichever key it is acting as.
type fixture struct {
	srv *Server
	url string
}

func start(t *testing.T) fixture {
	t.Helper()
	srv := New()
	return fixture{srv: srv, url: srv.Start(t)}
}

// iam returns a real SDK IAM client signing with the given key. Retries
// are off so that each injected error reaches the test as-is and call
// counts are exact.
func (f fixture) iam(keyID, secret string) *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint: aws.String(f.url),
		Retryer:      aws.NopRetryer{},
	})
}

func (f fixture) sts(keyID, secret string) *sts.Client {
	return sts.New(sts.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint: aws.String(f.url),
		Retryer:      aws.NopRetryer{},
	})
}

// callerARN returns the ARN STS reports for the key.
func (f fixture) callerARN(t *testing.T, keyID, secret string) string {
	t.Helper()
	out, err := f.sts(keyID, secret).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if aws.ToString(out.Account) != AccountID {
		t.Errorf("Account = %q, want %q", aws.ToString(out.Account), AccountID)
	}
	return aws.ToString(out.Arn)
}

// wantAPIError asserts that the SDK surfaced err as a smithy.APIError with
// the code, and that the HTTP status was the one AWS uses for it.
func wantAPIError(t *testing.T, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not a smithy.APIError", err, err)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("ErrorCode() = %q, want %q (message %q)", apiErr.ErrorCode(), code, apiErr.ErrorMessage())
	}
	var respErr *awshttp.ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("error %v carries no HTTP response", err)
	}
	if got := respErr.HTTPStatusCode(); got != status {
		t.Errorf("HTTP status = %d, want %d", got, status)
	}
	if respErr.ServiceRequestID() == "" {
		t.Errorf("error carries no request id")
	}
}
