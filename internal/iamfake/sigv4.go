package iamfake

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	amzDateFormat  = "20060102T150405Z"
	// maxClockSkew is how far AWS lets X-Amz-Date drift from its clock.
	maxClockSkew = 15 * time.Minute
)

// sigV4Auth is the parsed Authorization header.
type sigV4Auth struct {
	keyID         string
	date          string // YYYYMMDD from the credential scope
	region        string
	service       string
	signedHeaders []string
	signature     string
}

func parseAuthorization(h string) (sigV4Auth, bool) {
	var a sigV4Auth
	rest, ok := strings.CutPrefix(h, sigV4Algorithm+" ")
	if !ok {
		return a, false
	}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return a, false
		}
		switch k {
		case "Credential":
			scope := strings.Split(v, "/")
			if len(scope) != 5 || scope[4] != "aws4_request" {
				return a, false
			}
			a.keyID, a.date, a.region, a.service = scope[0], scope[1], scope[2], scope[3]
		case "SignedHeaders":
			a.signedHeaders = strings.Split(v, ";")
		case "Signature":
			a.signature = v
		}
	}
	ok = a.keyID != "" && len(a.signedHeaders) > 0 && a.signature != ""
	return a, ok
}

// authenticate checks the request's SigV4 signature the way AWS does and
// returns the signing key. Rather than reimplementing SigV4, it re-signs a
// copy of the request with the SDK's own signer using the stored secret and
// compares signatures, so any divergence between what the client signed
// and what arrived (body, headers, scope, secret) is caught. Callers hold
// s.mu.
func (s *Server) authenticate(r *http.Request, body []byte, service string) (*accessKey, *apiError) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return nil, errorf(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	auth, ok := parseAuthorization(header)
	if !ok {
		return nil, errorf(400, "IncompleteSignature", "Authorization header requires Credential, SignedHeaders and Signature for %s", sigV4Algorithm)
	}

	// AWS reports unknown, deleted and deactivated keys identically.
	key := s.keys[auth.keyID]
	if key == nil || !key.active {
		return nil, errorf(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}

	amzDate := r.Header.Get("X-Amz-Date")
	signedAt, err := time.Parse(amzDateFormat, amzDate)
	if err != nil {
		return nil, errorf(400, "IncompleteSignature", "X-Amz-Date header %q is not in %s form", amzDate, amzDateFormat)
	}
	if auth.service != service {
		return nil, errorf(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: '%s'.", service)
	}
	if auth.date != signedAt.Format("20060102") {
		return nil, errorf(403, "SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s'", auth.date, signedAt.Format("20060102"))
	}
	if skew := time.Since(signedAt); skew > maxClockSkew || skew < -maxClockSkew {
		return nil, errorf(403, "SignatureDoesNotMatch", "Signature expired: %s is now earlier or later than the allowed %v window", amzDate, maxClockSkew)
	}

	want, err := resign(r, body, auth, key, signedAt)
	if err != nil {
		return nil, errorf(500, "InternalFailure", "re-signing request: %v", err)
	}
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return nil, errorf(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return key, nil
}

// resign signs a copy of r carrying only the headers the client said it
// signed (the server-side request has extra ones, e.g. Accept-Encoding
// added by the transport, that would otherwise change the signature) and
// returns the resulting signature.
func resign(r *http.Request, body []byte, auth sigV4Auth, key *accessKey, signedAt time.Time) (string, error) {
	clone, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return "", err
	}
	clone.Host = r.Host
	for _, name := range auth.signedHeaders {
		switch name {
		case "host":
			// Signed from clone.Host.
		case "content-length":
			// The signer signs ContentLength, not the header.
			clone.ContentLength = r.ContentLength
		default:
			if vals := r.Header.Values(name); len(vals) > 0 {
				clone.Header[http.CanonicalHeaderKey(name)] = vals
			}
		}
	}

	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: key.id, SecretAccessKey: key.secret}
	err = v4.NewSigner().SignHTTP(context.Background(), creds, clone,
		hex.EncodeToString(sum[:]), auth.service, auth.region, signedAt)
	if err != nil {
		return "", err
	}
	got, ok := parseAuthorization(clone.Header.Get("Authorization"))
	if !ok {
		return "", errors.New("signer produced an unparsable Authorization header")
	}
	return got.signature, nil
}
