package kinds

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Reusable field checks. Each describes what is wrong without quoting the
// value, because the value may be a secret.

func matches(re *regexp.Regexp, what string) func(string) error {
	return func(s string) error {
		if !re.MatchString(s) {
			return errors.New("must be " + what)
		}
		return nil
	}
}

func noWhitespace(s string) error {
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return errors.New("must not contain whitespace (check for a stray newline or space)")
	}
	return nil
}

func hasPrefix(prefix string) func(string) error {
	return func(s string) error {
		if !strings.HasPrefix(s, prefix) {
			return fmt.Errorf("must start with %q", prefix)
		}
		return noWhitespace(s)
	}
}

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

var isUUID = matches(uuidRe, "a UUID such as 00000000-0000-0000-0000-000000000000")

func oneOf(allowed ...string) func(string) error {
	return func(s string) error {
		for _, a := range allowed {
			if s == a {
				return nil
			}
		}
		return fmt.Errorf("must be one of %s", strings.Join(allowed, ", "))
	}
}

func isEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") {
		return errors.New("must be an e-mail address")
	}
	return nil
}

var hostLabelRe = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// isRegistryHost accepts host[:port], as docker login takes it.
func isRegistryHost(s string) error {
	bad := errors.New("must be a registry host, optionally with a port (host[:port]), without a scheme or path")
	host, port := s, ""
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, port = s[:i], s[i+1:]
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return bad
		}
	}
	if len(host) == 0 || len(host) > 253 {
		return bad
	}
	for _, label := range strings.Split(host, ".") {
		if !hostLabelRe.MatchString(label) {
			return bad
		}
	}
	return nil
}

func isHTTPSURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return errors.New("must be an https URL such as https://cluster.example.com:6443")
	}
	if h := u.Hostname(); net.ParseIP(h) == nil && isRegistryHost(h) != nil {
		return errors.New("must be an https URL with a valid host name")
	}
	return nil
}

// decodePEM decodes base64 data holding PEM blocks, as kubeconfig *_data fields do.
func decodePEM(s string) ([]*pem.Block, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("must be base64-encoded PEM (as in a kubeconfig's *-data fields); the base64 does not decode")
	}
	var blocks []*pem.Block
	for {
		var b *pem.Block
		b, raw = pem.Decode(raw)
		if b == nil {
			break
		}
		blocks = append(blocks, b)
	}
	if len(blocks) == 0 {
		return nil, errors.New("must be base64-encoded PEM; the decoded data holds no PEM block")
	}
	return blocks, nil
}

func isBase64Certificates(s string) error {
	blocks, err := decodePEM(s)
	if err != nil {
		return err
	}
	for _, b := range blocks {
		if b.Type != "CERTIFICATE" {
			return fmt.Errorf("must hold only CERTIFICATE PEM blocks, found %q", b.Type)
		}
		if _, err := x509.ParseCertificate(b.Bytes); err != nil {
			return errors.New("holds a certificate that does not parse")
		}
	}
	return nil
}

func isBase64PrivateKey(s string) error {
	blocks, err := decodePEM(s)
	if err != nil {
		return err
	}
	if len(blocks) != 1 || parsePrivateKey(blocks[0].Bytes) != nil {
		return errors.New("must hold exactly one PEM private key that parses (PKCS#8, PKCS#1 or EC)")
	}
	return nil
}

func isPEMPrivateKey(s string) error {
	b, _ := pem.Decode([]byte(s))
	if b == nil || parsePrivateKey(b.Bytes) != nil {
		return errors.New("must be a PEM private key that parses (-----BEGIN PRIVATE KEY----- ...)")
	}
	return nil
}

func parsePrivateKey(der []byte) error {
	if _, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return nil
	}
	if _, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return nil
	}
	_, err := x509.ParseECPrivateKey(der)
	return err
}

// keyMatchesCertificate checks that a base64 PEM key belongs to a base64 PEM certificate.
func keyMatchesCertificate(certB64, keyB64 string) error {
	cert, err1 := base64.StdEncoding.DecodeString(certB64)
	key, err2 := base64.StdEncoding.DecodeString(keyB64)
	if err1 != nil || err2 != nil {
		return errors.New("does not decode")
	}
	if _, err := tls.X509KeyPair(cert, key); err != nil {
		return errors.New("does not match client_certificate_data (the key is not the certificate's private key)")
	}
	return nil
}
