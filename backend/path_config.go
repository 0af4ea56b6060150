package backend

import (
	"context"
	"net/url"
	"sort"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

func pathConfig(b *backend) []*framework.Path {
	return []*framework.Path{{
		Pattern: "config",
		Fields: map[string]*framework.FieldSchema{
			"aws_iam_endpoint": {Type: framework.TypeString, Description: "IAM endpoint URL override (private endpoints, tests). Empty uses AWS's."},
			"aws_sts_endpoint": {Type: framework.TypeString, Description: "STS endpoint URL override. Empty uses AWS's."},
			"rotation_verify_timeout": {Type: framework.TypeDurationSecond, Default: int(defaultVerifyTimeout.Seconds()),
				Description: "How long a new AWS key may take to start working before the rotation gives up (1s to 10m)."},
		},
		ExistenceCheck: func(ctx context.Context, req *logical.Request, _ *framework.FieldData) (bool, error) {
			raw, err := req.Storage.Get(ctx, configPath)
			return raw != nil, err
		},
		DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: operationPrefix, OperationSuffix: "configuration"},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.ReadOperation:   &framework.PathOperation{Callback: b.readConfig, Summary: "Read the mount-wide settings.", DisplayAttrs: &framework.DisplayAttributes{OperationVerb: "read"}},
			logical.CreateOperation: &framework.PathOperation{Callback: b.writeConfig, Summary: "Change the mount-wide settings named in the body.", DisplayAttrs: &framework.DisplayAttributes{OperationVerb: "configure"}},
			logical.UpdateOperation: &framework.PathOperation{Callback: b.writeConfig, Summary: "Change the mount-wide settings named in the body.", DisplayAttrs: &framework.DisplayAttributes{OperationVerb: "configure"}},
			logical.DeleteOperation: &framework.PathOperation{Callback: b.deleteConfig, Summary: "Restore the default settings.", DisplayAttrs: &framework.DisplayAttributes{OperationVerb: "delete"}},
		},
		HelpSynopsis:    "Mount-wide settings: AWS endpoint overrides and the rotation verify timeout.",
		HelpDescription: "A write changes only the fields it names; delete restores the defaults.",
	}}
}

func (b *backend) readConfig(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	cfg, err := getConfig(ctx, req.Storage)
	if err != nil {
		return nil, err
	}
	return &logical.Response{Data: map[string]any{
		"aws_iam_endpoint":        cfg.IAMEndpoint,
		"aws_sts_endpoint":        cfg.STSEndpoint,
		"rotation_verify_timeout": int64(cfg.VerifyTimeout.Seconds()),
	}}, nil
}

func (b *backend) writeConfig(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	if resp := refuseUnknownFields(req, d); resp != nil {
		return resp, nil
	}
	cfg, err := getConfig(ctx, req.Storage)
	if err != nil {
		return nil, err
	}
	for _, field := range []string{"aws_iam_endpoint", "aws_sts_endpoint"} {
		v, ok := d.GetOk(field)
		if !ok {
			continue
		}
		s := v.(string)
		if u, err := url.Parse(s); s != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
			return logical.ErrorResponse("field %q: must be an http(s) URL such as https://iam.amazonaws.com, or empty for AWS's", field), nil
		}
		if field == "aws_iam_endpoint" {
			cfg.IAMEndpoint = s
		} else {
			cfg.STSEndpoint = s
		}
	}
	if v, ok := d.GetOk("rotation_verify_timeout"); ok {
		t := time.Duration(v.(int)) * time.Second
		if t < time.Second || t > maxVerifyTimeout {
			return logical.ErrorResponse("field %q: must be between 1s and 10m", "rotation_verify_timeout"), nil
		}
		cfg.VerifyTimeout = t
	}
	if err := putConfig(ctx, req.Storage, cfg); err != nil {
		return nil, err
	}
	return nil, nil
}

func (b *backend) deleteConfig(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	return nil, req.Storage.Delete(ctx, configPath)
}

// refuseUnknownFields turns the framework's warning about unknown parameters
// into a 400, for paths with a fixed schema.
func refuseUnknownFields(req *logical.Request, d *framework.FieldData) *logical.Response {
	var unknown []string
	for key := range req.Data {
		if _, ok := d.Schema[key]; !ok {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return logical.ErrorResponse("field %q: unknown field", unknown[0])
}
