package backend

import "github.com/hashicorp/vault/sdk/helper/locksutil"

// lockFor returns the lock that serialises writers of one secret name.
func (b *backend) lockFor(name string) *locksutil.LockEntry {
	return locksutil.LockForKey(b.locks, name)
}
