package backend

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

const configPath = "config"

// Defaults and bounds of the mount settings.
const (
	defaultVerifyTimeout = 30 * time.Second
	maxVerifyTimeout     = 10 * time.Minute
)

// mountConfig holds mount-wide settings. It carries a format version like
// every stored entry.
type mountConfig struct {
	FormatVersion int `json:"format_version"`
	// IAMEndpoint and STSEndpoint override AWS's endpoints (private endpoints, tests).
	IAMEndpoint string `json:"aws_iam_endpoint,omitempty"`
	STSEndpoint string `json:"aws_sts_endpoint,omitempty"`
	// VerifyTimeout is how long a new AWS key may take to start working.
	VerifyTimeout time.Duration `json:"rotation_verify_timeout"`
}

func defaultConfig() *mountConfig {
	return &mountConfig{FormatVersion: formatVersion, VerifyTimeout: defaultVerifyTimeout}
}

// getConfig returns the stored settings, or the defaults when none are stored.
func getConfig(ctx context.Context, s logical.Storage) (*mountConfig, error) {
	raw, err := s.Get(ctx, configPath)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	cfg := defaultConfig()
	if raw == nil {
		return cfg, nil
	}
	if err := raw.DecodeJSON(cfg); err != nil {
		return nil, fmt.Errorf("decoding config: %w", err)
	}
	return cfg, nil
}

func putConfig(ctx context.Context, s logical.Storage, cfg *mountConfig) error {
	cfg.FormatVersion = formatVersion
	entry, err := logical.StorageEntryJSON(configPath, cfg)
	if err != nil {
		return fmt.Errorf("encoding config: %w", err)
	}
	if err := s.Put(ctx, entry); err != nil {
		return fmt.Errorf("storing config: %w", err)
	}
	return nil
}
