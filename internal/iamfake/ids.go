package iamfake

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"regexp"
)

// Identifiers mimic the real formats so that any validation or log
// redaction in the plugin sees what it would see against AWS: access key
// ids are "AKIA" plus 16 base32 characters ([A-Z2-7]), user ids "AIDA" plus
// 17, and secrets 40 characters of base64.

func randomBase32(n int) string {
	b := make([]byte, n) // n bytes encode to well over n base32 characters
	_, _ = rand.Read(b)  // crypto/rand.Read never fails
	return base32.StdEncoding.EncodeToString(b)[:n]
}

func newAccessKeyID() string { return "AKIA" + randomBase32(16) }

func newUserID() string { return "AIDA" + randomBase32(17) }

func newSecret() string {
	b := make([]byte, 30) // 30 bytes are exactly 40 base64 characters
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// userNamePattern is IAM's documented constraint on user names; checking it
// keeps RootUser unreachable from the API and rejects what AWS rejects.
var userNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

func userARN(u *user) string {
	if u.name == RootUser {
		return "arn:aws:iam::" + AccountID + ":root"
	}
	return "arn:aws:iam::" + AccountID + ":user/" + u.name
}
