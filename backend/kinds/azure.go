package kinds

func init() {
	Register(&Kind{
		Name: "azure",
		Description: "An Azure service principal. The output of `az ad sp create-for-rbac` may be pasted as is " +
			"(appId, password, tenant, displayName are accepted as aliases); add subscription_id.",
		Fields: []Field{
			{Name: "subscription_id", Required: true, Description: "Subscription id (a UUID).", Check: isUUID},
			{Name: "tenant_id", Required: true, Aliases: []string{"tenant"}, Description: "Tenant (directory) id (a UUID).", Check: isUUID},
			{Name: "client_id", Required: true, Aliases: []string{"appId"}, Description: "Application (client) id (a UUID).", Check: isUUID},
			{Name: "client_secret", Required: true, Sensitive: true, Aliases: []string{"password"}, Description: "Client secret."},
			{Name: "environment", Default: "AzurePublicCloud", Description: "Azure cloud.",
				Check: oneOf("AzurePublicCloud", "AzureUSGovernmentCloud", "AzureChinaCloud", "AzureGermanCloud")},
			{Name: "display_name", Aliases: []string{"displayName"}, Description: "The service principal's display name (informational)."},
		},
		Example: map[string]any{
			"subscription_id": "11111111-2222-3333-4444-555555555555",
			"tenant_id":       "66666666-7777-8888-9999-000000000000",
			"client_id":       "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
			"client_secret":   "Xy8Q~exampleClientSecretValue0123456789",
		},
		Invalid: []Invalid{
			{"subscription not a UUID", map[string]any{"subscription_id": "my-subscription"}, "subscription_id"},
			{"tenant not a UUID", map[string]any{"tenant_id": "contoso.onmicrosoft.com"}, "tenant_id"},
			{"alias and name together", map[string]any{"appId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}, "appId"},
			{"unknown cloud", map[string]any{"environment": "Mars"}, "environment"},
			{"missing secret", map[string]any{"client_secret": nil}, "client_secret"},
		},
	})
}
