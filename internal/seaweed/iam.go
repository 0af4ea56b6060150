package seaweed

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Config returns an SDK config signed by the given key, for clients of this server.
func (s *Server) Config(keyID, secret string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint: aws.String(s.URL),
	}
}

// IAM returns an IAM client signed by the given key.
func (s *Server) IAM(keyID, secret string) *iam.Client {
	return iam.NewFromConfig(s.Config(keyID, secret))
}

// STS returns an STS client signed by the given key.
func (s *Server) STS(keyID, secret string) *sts.Client {
	return sts.NewFromConfig(s.Config(keyID, secret))
}

// CreateUser creates an IAM user as the admin and gives it one access key.
func (s *Server) CreateUser(ctx context.Context, name string) (keyID, secret string, err error) {
	admin := s.IAM(s.AdminKeyID, s.AdminSecret)
	if _, err := admin.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}); err != nil {
		return "", "", fmt.Errorf("seaweed: CreateUser %s: %w", name, err)
	}
	out, err := admin.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)})
	if err != nil {
		return "", "", fmt.Errorf("seaweed: CreateAccessKey for %s: %w", name, err)
	}
	return aws.ToString(out.AccessKey.AccessKeyId), aws.ToString(out.AccessKey.SecretAccessKey), nil
}

// KeyIDs lists a user's access key ids, as the admin sees them.
func (s *Server) KeyIDs(ctx context.Context, user string) ([]string, error) {
	out, err := s.IAM(s.AdminKeyID, s.AdminSecret).ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)})
	if err != nil {
		return nil, fmt.Errorf("seaweed: ListAccessKeys %s: %w", user, err)
	}
	ids := make([]string, 0, len(out.AccessKeyMetadata))
	for _, m := range out.AccessKeyMetadata {
		ids = append(ids, aws.ToString(m.AccessKeyId))
	}
	return ids, nil
}

// CallerARN returns the ARN STS gives for a key, or the error it answers.
func (s *Server) CallerARN(ctx context.Context, keyID, secret string) (string, error) {
	out, err := s.STS(keyID, secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Arn), nil
}
