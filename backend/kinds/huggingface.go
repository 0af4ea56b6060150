package kinds

func init() {
	Register(&Kind{
		Name:        "huggingface",
		Description: "A Hugging Face access token, for private or gated models.",
		Fields: []Field{
			{Name: "token", Required: true, Sensitive: true, Description: "Access token (hf_...).", Check: hasPrefix("hf_")},
		},
		Example: map[string]any{"token": "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"},
		Invalid: []Invalid{
			{"no hf_ prefix", map[string]any{"token": "AbCdEfGh"}, "token"},
			{"space inside", map[string]any{"token": "hf_AbC dEf"}, "token"},
			{"empty", map[string]any{"token": ""}, "token"},
			{"number", map[string]any{"token": 7}, "token"},
			{"unknown field", map[string]any{"username": "me"}, "username"},
		},
	})
}
