// Package iamfake is a test-only AWS IAM + STS endpoint that speaks the real
// wire protocol: AWS Query requests (form-encoded POST bodies with Action and
// Version), SigV4 signatures verified with the SDK's own signer, and XML
// responses and error documents in the shapes real IAM and STS return.
//
// The plugin's rotation tests normally run against SeaweedFS, which serves
// a real IAM endpoint. This package exists only for what SeaweedFS cannot do:
//
//   - enforce the real two-access-keys-per-user quota (LimitExceeded, 409);
//   - fail a chosen call on demand (FailAction), so every step of a
//     rotation can be shown to recover or roll back cleanly;
//   - model eventual consistency, where a freshly created key is not yet
//     accepted by STS for its first few calls (SetNewKeyWarmup);
//   - return the real error codes and HTTP statuses (NoSuchEntity,
//     InvalidClientTokenId, SignatureDoesNotMatch, AccessDenied, ...), so
//     the plugin's error classification is exercised against what AWS sends;
//   - act as the account root identity (arn:aws:iam::123456789012:root).
//
// Point unmodified aws-sdk-go-v2 iam and sts clients at the URL returned by
// Start (via the BaseEndpoint option); both services share that one URL and
// are told apart by the Action parameter, as IAM and STS actions never clash.
package iamfake
