package backend

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// FuzzWrite drives the write path with arbitrary bodies for every kind. It
// checks the rules that must hold for any input: never an internal error,
// nothing stored when refused, and no sensitive value in a secrets/ read.
// The seed corpus is in testdata/fuzz/FuzzWrite.
func FuzzWrite(f *testing.F) {
	all := kinds.All()
	for i, k := range all {
		b, _ := json.Marshal(k.Example)
		f.Add(uint8(i), b)
	}
	f.Fuzz(func(t *testing.T, kindIndex uint8, body []byte) {
		var data map[string]any
		if json.Unmarshal(body, &data) != nil {
			return
		}
		k := all[int(kindIndex)%len(all)]
		env := getTestBackend(t)
		resp, err := env.do(logical.CreateOperation, "secrets/"+k.Name+"/fuzz", data)
		require.NoError(t, err, "bad input must never be an internal error")
		if resp != nil && resp.IsError() {
			require.Empty(t, env.storedKeys(t), "a refused write stored something")
			return
		}
		read := env.ok(t, logical.ReadOperation, "secrets/"+k.Name+"/fuzz", nil)
		stored := read.Data["data"].(map[string]any)
		for key, v := range stored {
			if k.IsSensitive(key) {
				require.Equal(t, kinds.Placeholder, v)
			}
		}
		env.ok(t, logical.ReadOperation, "creds/fuzz", nil)
	})
}
