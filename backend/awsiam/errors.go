package awsiam

import (
	"errors"

	"github.com/aws/smithy-go"
)

// The AWS error codes the rotation treats differently from any other failure.
const (
	CodeNoSuchEntity   = "NoSuchEntity"
	CodeLimitExceeded  = "LimitExceeded"
	CodeAccessDenied   = "AccessDenied"
	CodeInvalidToken   = "InvalidClientTokenId"
	CodeBadSignature   = "SignatureDoesNotMatch"
	codeAuthFailure    = "AuthFailure"
	codeUnrecognizedCl = "UnrecognizedClientException"
)

// Error is a failed IAM or STS call. Msg has had the secret access key
// removed, so an Error may be logged and stored.
type Error struct {
	Op    string // the AWS action, e.g. CreateAccessKey
	Code  string // the AWS error code; empty for transport failures
	Msg   string
	cause error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap exposes the SDK error, for errors.As on its types. Its own message
// may hold whatever the SDK put there; print the *Error, not the cause.
func (e *Error) Unwrap() error { return e.cause }

// Code returns the AWS error code carried by err, or "" if it has none.
// It reads smithy's APIError, never the message text.
func Code(err error) string {
	var own *Error
	if errors.As(err, &own) && own.Code != "" {
		return own.Code
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// IsAuthFailure says AWS did not accept the signing key: unknown, deleted,
// inactive, not yet propagated, or a wrong secret.
func IsAuthFailure(err error) bool {
	switch Code(err) {
	case CodeInvalidToken, CodeBadSignature, codeAuthFailure, codeUnrecognizedCl:
		return true
	}
	return false
}
