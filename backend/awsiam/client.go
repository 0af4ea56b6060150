// Package awsiam is the plugin's IAM and STS client: the few calls a stored
// access key needs to rotate itself, on aws-sdk-go-v2 with the endpoint
// overrides of the mount's config. Errors it returns are classified by the
// AWS error code (see Code) and never contain the secret access key.
package awsiam

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Settings say where and how to reach AWS. Empty endpoints use AWS's own.
type Settings struct {
	IAMEndpoint string
	STSEndpoint string
	Region      string
	// MaxAttempts bounds the SDK's own retries of one call (0: the SDK's default).
	MaxAttempts int
	// HTTPClient is the transport (nil: the SDK's default).
	HTTPClient *http.Client
}

// Key is an access key pair.
type Key struct {
	ID     string
	Secret string
}

// User is the IAM identity a key belongs to.
type User struct {
	Name string
	ARN  string
}

// KeyInfo describes one of a user's access keys, as ListAccessKeys reports it.
type KeyInfo struct {
	ID     string
	Active bool
	// Created is zero when the endpoint does not report it.
	Created time.Time
}

// Client makes IAM and STS calls signed with one access key.
type Client struct {
	iam    *iam.Client
	sts    *sts.Client
	secret string // only to scrub it from error messages
}

// New returns a client that signs with key.
func New(s Settings, key Key) *Client {
	cfg := aws.Config{
		Region:           s.Region,
		Credentials:      credentials.NewStaticCredentialsProvider(key.ID, key.Secret, ""),
		RetryMaxAttempts: s.MaxAttempts,
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if s.HTTPClient != nil {
		cfg.HTTPClient = s.HTTPClient
	}
	return &Client{
		iam: iam.NewFromConfig(cfg, func(o *iam.Options) {
			if s.IAMEndpoint != "" {
				o.BaseEndpoint = aws.String(s.IAMEndpoint)
			}
		}),
		sts: sts.NewFromConfig(cfg, func(o *sts.Options) {
			if s.STSEndpoint != "" {
				o.BaseEndpoint = aws.String(s.STSEndpoint)
			}
		}),
		secret: key.Secret,
	}
}

// GetUser returns the identity of the signing key (GetUser with no name).
func (c *Client) GetUser(ctx context.Context) (User, error) {
	out, err := c.iam.GetUser(ctx, &iam.GetUserInput{})
	if err != nil {
		return User{}, c.wrap("GetUser", err)
	}
	if out.User == nil {
		return User{}, &Error{Op: "GetUser", Msg: "the response names no user"}
	}
	return User{Name: aws.ToString(out.User.UserName), ARN: aws.ToString(out.User.Arn)}, nil
}

// ListAccessKeys lists the user's access keys (at most two in AWS, so one page).
func (c *Client) ListAccessKeys(ctx context.Context, user string) ([]KeyInfo, error) {
	var keys []KeyInfo
	in := &iam.ListAccessKeysInput{UserName: optional(user)}
	for {
		out, err := c.iam.ListAccessKeys(ctx, in)
		if err != nil {
			return nil, c.wrap("ListAccessKeys", err)
		}
		for _, m := range out.AccessKeyMetadata {
			keys = append(keys, KeyInfo{
				ID:      aws.ToString(m.AccessKeyId),
				Active:  m.Status == "Active",
				Created: aws.ToTime(m.CreateDate),
			})
		}
		if !out.IsTruncated || out.Marker == nil {
			return keys, nil
		}
		in.Marker = out.Marker
	}
}

// CreateAccessKey makes a new key for the user. It is tried once, without
// the SDK's retries: a retry after a lost answer would make a second key,
// and an AWS error would then hide that the first one exists. So an error
// with a Code means no key was made; one without may mean one was.
func (c *Client) CreateAccessKey(ctx context.Context, user string) (Key, error) {
	out, err := c.iam.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: optional(user)}, func(o *iam.Options) {
		o.RetryMaxAttempts = 1
	})
	if err != nil {
		return Key{}, c.wrap("CreateAccessKey", err)
	}
	if out.AccessKey == nil || aws.ToString(out.AccessKey.AccessKeyId) == "" || aws.ToString(out.AccessKey.SecretAccessKey) == "" {
		return Key{}, &Error{Op: "CreateAccessKey", Msg: "the response holds no key"}
	}
	return Key{ID: aws.ToString(out.AccessKey.AccessKeyId), Secret: aws.ToString(out.AccessKey.SecretAccessKey)}, nil
}

// DeleteAccessKey deletes one of the user's keys. A key that is already gone
// counts as deleted.
func (c *Client) DeleteAccessKey(ctx context.Context, user, keyID string) error {
	_, err := c.iam.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: optional(user), AccessKeyId: aws.String(keyID)})
	if err != nil && Code(err) != CodeNoSuchEntity {
		return c.wrap("DeleteAccessKey", err)
	}
	return nil
}

// CallerIdentity returns the ARN STS sees for the signing key.
func (c *Client) CallerIdentity(ctx context.Context) (string, error) {
	out, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", c.wrap("GetCallerIdentity", err)
	}
	return aws.ToString(out.Arn), nil
}

// optional leaves UserName out when it is empty, which IAM reads as "the caller".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// wrap turns an SDK error into an *Error that keeps the AWS code and never
// holds the secret.
func (c *Client) wrap(op string, err error) error {
	e := &Error{Op: op, Code: Code(err), Msg: err.Error(), cause: err}
	if c.secret != "" {
		e.Msg = strings.ReplaceAll(e.Msg, c.secret, "[redacted]")
	}
	return e
}
