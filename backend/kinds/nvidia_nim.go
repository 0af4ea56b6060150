package kinds

func init() {
	Register(&Kind{
		Name:        "nvidia-nim",
		Description: "An NVIDIA NGC API key for pulling NIM containers. creds/ adds dockerconfigjson.",
		Fields: []Field{
			{Name: "password", Required: true, Sensitive: true, Description: "The NGC API key.", Check: noWhitespace},
			{Name: "username", Default: "$oauthtoken", Description: "Registry user name; NGC expects $oauthtoken."},
			{Name: "server", Default: "nvcr.io", Description: "Registry host[:port].", Check: isRegistryHost},
		},
		Render: dockerConfig("", "server", "username", "password"),
		Example: map[string]any{
			"password": "nvapi-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
		},
		Invalid: []Invalid{
			{"server with scheme", map[string]any{"server": "https://nvcr.io"}, "server"},
			{"server with bad label", map[string]any{"server": "-nvcr.io"}, "server"},
			{"key with space", map[string]any{"password": "nvapi- 0123"}, "password"},
			{"missing key", map[string]any{"password": nil}, "password"},
			{"key under its CLI name", map[string]any{"api_key": "nvapi-0123"}, "api_key"},
		},
	})
}
