//go:build tools

// Package tools pins SeaweedFS so that `go build github.com/seaweedfs/seaweedfs/weed`
// in this module builds the exact version the rotation tests run against.
package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
