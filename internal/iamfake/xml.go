package iamfake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The namespaces real IAM and STS put on every response and error
// document. The SDK matches element names only, but keeping them makes the
// bodies byte-for-byte comparable with captured AWS traffic.
const (
	iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
	stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
)

func namespaceFor(service string) string {
	if service == "sts" {
		return stsNamespace
	}
	return iamNamespace
}

// isoTime formats timestamps the way IAM does (ISO 8601, UTC, whole
// seconds), which is what the SDK's timestamp parser expects.
func isoTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// xmlUser is the IAM User shape. UserName and Path are omitted for the
// root identity, exactly as real IAM does when GetUser is called with root
// credentials.
type xmlUser struct {
	Path       string `xml:"Path,omitempty"`
	UserName   string `xml:"UserName,omitempty"`
	UserID     string `xml:"UserId"`
	Arn        string `xml:"Arn"`
	CreateDate string `xml:"CreateDate"`
}

type getUserResult struct {
	User xmlUser `xml:"User"`
}

type xmlAccessKeyMetadata struct {
	UserName    string `xml:"UserName,omitempty"`
	AccessKeyID string `xml:"AccessKeyId"`
	Status      string `xml:"Status"`
	CreateDate  string `xml:"CreateDate"`
}

type listAccessKeysResult struct {
	// Query lists are wrapped: <AccessKeyMetadata><member>...</member>...
	Members     []xmlAccessKeyMetadata `xml:"AccessKeyMetadata>member"`
	IsTruncated bool                   `xml:"IsTruncated"`
}

type xmlAccessKey struct {
	UserName        string `xml:"UserName,omitempty"`
	AccessKeyID     string `xml:"AccessKeyId"`
	Status          string `xml:"Status"`
	SecretAccessKey string `xml:"SecretAccessKey"`
	CreateDate      string `xml:"CreateDate"`
}

type createAccessKeyResult struct {
	AccessKey xmlAccessKey `xml:"AccessKey"`
}

type getCallerIdentityResult struct {
	UserID  string `xml:"UserId"`
	Account string `xml:"Account"`
	Arn     string `xml:"Arn"`
}

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// writeResult writes <ActionResponse><ActionResult>…</ActionResult>
// <ResponseMetadata>…</ResponseMetadata></ActionResponse>. A nil result
// omits the Result element, as IAM does for actions with no output such as
// DeleteAccessKey and UpdateAccessKey.
func writeResult(w http.ResponseWriter, ns, action, reqID string, result any) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	start := xml.StartElement{
		Name: xml.Name{Local: action + "Response"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: ns}},
	}
	err := enc.EncodeToken(start)
	if err == nil && result != nil {
		err = enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: action + "Result"}})
	}
	if err == nil {
		err = enc.EncodeElement(responseMetadata{reqID}, xml.StartElement{Name: xml.Name{Local: "ResponseMetadata"}})
	}
	if err == nil {
		err = enc.EncodeToken(start.End())
	}
	if err == nil {
		err = enc.Flush()
	}
	if err != nil {
		// Only reachable through a bug in the result types above.
		panic(fmt.Sprintf("iamfake: encoding %s response: %v", action, err))
	}
	writeXML(w, http.StatusOK, buf.Bytes())
}

// apiError is an AWS error as it goes on the wire.
type apiError struct {
	status  int
	code    string
	message string
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

type errorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

// writeError writes the Query protocol error document. Type is Receiver
// for server-side (5xx) faults and Sender otherwise, as AWS reports it.
func writeError(w http.ResponseWriter, ns, reqID string, e *apiError) {
	var doc errorResponse
	doc.Xmlns = ns
	doc.Error.Type = "Sender"
	if e.status >= 500 {
		doc.Error.Type = "Receiver"
	}
	doc.Error.Code = e.code
	doc.Error.Message = e.message
	doc.RequestID = reqID
	body, err := xml.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("iamfake: encoding error response: %v", err))
	}
	writeXML(w, e.status, body)
}

func writeXML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client hanging up is not the fake's problem
}
