package kinds

import "regexp"

func init() {
	Register(&Kind{
		Name:        "generic",
		Description: "Any key/value pairs (third-party API keys, environment variables). Every value is sensitive.",
		Open: &OpenRules{
			KeyPattern: regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,127}$`),
			MaxKeys:    128,
			MaxBytes:   256 << 10,
		},
		Example: map[string]any{
			"OPENAI_API_KEY": "sk-example0123456789",
			"WANDB_API_KEY":  "0123456789abcdef0123456789abcdef01234567",
			"MAX_RETRIES":    3,
		},
		Invalid: []Invalid{
			{"key starts with a digit", map[string]any{"1KEY": "v"}, "1KEY"},
			{"key with a space", map[string]any{"MY KEY": "v"}, "MY KEY"},
			{"object value", map[string]any{"NESTED": map[string]any{"a": "b"}}, "NESTED"},
			{"array value", map[string]any{"LIST": []any{"a"}}, "LIST"},
			{"no keys at all", map[string]any{"OPENAI_API_KEY": nil, "WANDB_API_KEY": nil, "MAX_RETRIES": nil}, "data"},
		},
	})
}
