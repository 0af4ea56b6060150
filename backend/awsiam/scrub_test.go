package awsiam

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWrapRemovesTheSecret(t *testing.T) {
	c := New(Settings{}, Key{ID: "AKIAIOSFODNN7EXAMPLE", Secret: "s3cr3t/value"})
	err := c.wrap("GetUser", errors.New("endpoint echoed s3cr3t/value back"))
	assert.NotContains(t, err.Error(), "s3cr3t/value")
	assert.Contains(t, err.Error(), "[redacted]")
}
