package kinds

func init() {
	Register(&Kind{
		Name:        "qblocks",
		Description: "A QBlocks API key.",
		Fields: []Field{
			{Name: "api_key", Required: true, Sensitive: true, Description: "API key.", Check: noWhitespace},
		},
		Example: map[string]any{"api_key": "qb_live_0123456789abcdef0123456789abcdef"},
		Invalid: []Invalid{
			{"whitespace inside", map[string]any{"api_key": "qb live"}, "api_key"},
			{"empty", map[string]any{"api_key": ""}, "api_key"},
			{"missing", map[string]any{"api_key": nil}, "api_key"},
			{"not a string", map[string]any{"api_key": 42}, "api_key"},
			{"object", map[string]any{"api_key": map[string]any{"k": "v"}}, "api_key"},
		},
	})
}
