package kinds

func init() {
	Register(&Kind{
		Name:        "depot",
		Description: "A Depot registry token. creds/ adds dockerconfigjson.",
		Fields: []Field{
			{Name: "token", Required: true, Sensitive: true, Description: "Depot token.", Check: noWhitespace},
			{Name: "username", Default: "x-token", Description: "Registry user name."},
			{Name: "server", Default: "registry.depot.dev", Description: "Registry host[:port].", Check: isRegistryHost},
		},
		Render: dockerConfig("", "server", "username", "token"),
		Example: map[string]any{
			"token": "depot_org_0123456789abcdef0123456789abcdef",
		},
		Invalid: []Invalid{
			{"server with scheme", map[string]any{"server": "https://registry.depot.dev"}, "server"},
			{"server with path", map[string]any{"server": "registry.depot.dev/v2"}, "server"},
			{"port out of range", map[string]any{"server": "registry.depot.dev:70000"}, "server"},
			{"token with newline", map[string]any{"token": "depot_org_abc\ndef"}, "token"},
			{"missing token", map[string]any{"token": nil}, "token"},
		},
	})
}
