package iamfake

import "net/url"

// getCallerIdentity is the STS action the plugin uses to prove a freshly
// created key works before it retires the old one. It needs no permission
// in AWS, so the only way it fails for a valid key is the propagation delay
// modelled by SetNewKeyWarmup. Runs with s.mu held.
func (s *Server) getCallerIdentity(caller *user, key *accessKey, _ url.Values) (any, *apiError) {
	if key.warmup > 0 {
		// STS has not heard of the key yet: AWS answers exactly as it does
		// for a key that does not exist.
		key.warmup--
		return nil, errorf(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	return getCallerIdentityResult{
		UserID:  caller.id,
		Account: AccountID,
		Arn:     userARN(caller),
	}, nil
}
