package iamfake

import (
	"net/url"
	"slices"
)

// The IAM actions the plugin uses for rotation. Each runs with s.mu held
// and an authenticated caller.

// targetUser resolves the UserName parameter the way IAM does: omitted
// means the caller itself, which is what lets a user rotate its own keys
// with no policy beyond self-service. Naming anyone else needs the admin
// flag, standing in for an identity policy granting iam:* on that user.
// Authorization is checked before existence, so a non-admin learns nothing
// about which users exist.
func (s *Server) targetUser(caller *user, action string, form url.Values) (*user, *apiError) {
	name := form.Get("UserName")
	if name == "" || name == caller.name {
		return caller, nil
	}
	if !userNamePattern.MatchString(name) {
		return nil, errorf(400, "ValidationError",
			"1 validation error detected: Value '%s' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+", name)
	}
	if !caller.admin {
		return nil, errorf(403, "AccessDenied",
			"User: %s is not authorized to perform: iam:%s on resource: user %s because no identity-based policy allows the iam:%s action",
			userARN(caller), action, name, action)
	}
	u := s.users[name]
	if u == nil {
		return nil, errorf(404, "NoSuchEntity", "The user with name %s cannot be found.", name)
	}
	return u, nil
}

// ownedKey finds AccessKeyId among u's keys. A key that exists but belongs
// to someone else is reported exactly like a missing one, as IAM does.
func (s *Server) ownedKey(u *user, form url.Values) (*accessKey, *apiError) {
	id := form.Get("AccessKeyId")
	if id == "" {
		return nil, errorf(400, "ValidationError",
			"1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null")
	}
	k := s.keys[id]
	if k == nil || k.user != u.name {
		return nil, errorf(404, "NoSuchEntity", "The Access Key with id %s cannot be found.", id)
	}
	return k, nil
}

// wireUserName is the UserName IAM reports for u: none for the root.
func wireUserName(u *user) string {
	if u.name == RootUser {
		return ""
	}
	return u.name
}

func (s *Server) getUser(caller *user, _ *accessKey, form url.Values) (any, *apiError) {
	u, apiErr := s.targetUser(caller, "GetUser", form)
	if apiErr != nil {
		return nil, apiErr
	}
	out := xmlUser{UserID: u.id, Arn: userARN(u), CreateDate: isoTime(u.created)}
	if u.name != RootUser {
		out.Path = "/"
		out.UserName = u.name
	}
	return getUserResult{User: out}, nil
}

func (s *Server) listAccessKeys(caller *user, _ *accessKey, form url.Values) (any, *apiError) {
	u, apiErr := s.targetUser(caller, "ListAccessKeys", form)
	if apiErr != nil {
		return nil, apiErr
	}
	// Never more than two keys, so there is never a next page.
	var out listAccessKeysResult
	for _, id := range u.keys {
		k := s.keys[id]
		out.Members = append(out.Members, xmlAccessKeyMetadata{
			UserName:    wireUserName(u),
			AccessKeyID: k.id,
			Status:      keyStatus(k),
			CreateDate:  isoTime(k.created),
		})
	}
	return out, nil
}

func (s *Server) createAccessKey(caller *user, _ *accessKey, form url.Values) (any, *apiError) {
	u, apiErr := s.targetUser(caller, "CreateAccessKey", form)
	if apiErr != nil {
		return nil, apiErr
	}
	if len(u.keys) >= maxKeysPerUser {
		return nil, errorf(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: %d", maxKeysPerUser)
	}
	k := s.addKey(u, true)
	// Only keys made through the API warm up: those are the ones the plugin
	// has just minted and is about to verify.
	k.warmup = s.warmup
	return createAccessKeyResult{AccessKey: xmlAccessKey{
		UserName:        wireUserName(u),
		AccessKeyID:     k.id,
		Status:          keyStatus(k),
		SecretAccessKey: k.secret,
		CreateDate:      isoTime(k.created),
	}}, nil
}

func (s *Server) deleteAccessKey(caller *user, _ *accessKey, form url.Values) (any, *apiError) {
	u, apiErr := s.targetUser(caller, "DeleteAccessKey", form)
	if apiErr != nil {
		return nil, apiErr
	}
	k, apiErr := s.ownedKey(u, form)
	if apiErr != nil {
		return nil, apiErr
	}
	// Deleting the key that signed this request is allowed, as in IAM; the
	// next request signed with it gets InvalidClientTokenId.
	delete(s.keys, k.id)
	u.keys = slices.DeleteFunc(u.keys, func(id string) bool { return id == k.id })
	return nil, nil
}

func (s *Server) updateAccessKey(caller *user, _ *accessKey, form url.Values) (any, *apiError) {
	u, apiErr := s.targetUser(caller, "UpdateAccessKey", form)
	if apiErr != nil {
		return nil, apiErr
	}
	k, apiErr := s.ownedKey(u, form)
	if apiErr != nil {
		return nil, apiErr
	}
	switch status := form.Get("Status"); status {
	case "Active":
		k.active = true
	case "Inactive":
		k.active = false
	default:
		return nil, errorf(400, "ValidationError",
			"1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]", status)
	}
	return nil, nil
}

func keyStatus(k *accessKey) string {
	if k.active {
		return "Active"
	}
	return "Inactive"
}
