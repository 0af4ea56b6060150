package kinds

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeExample matches the README's example bodies: fenced blocks whose info
// string is "json kind=<name>".
var readmeExample = regexp.MustCompile("(?s)```json kind=([a-z0-9-]+)\n(.*?)\n```")

// TestReadmeShowsEveryKindsExample keeps the README honest: every registered
// kind has exactly one example body there, and it is the registry's Example,
// which the unit and end-to-end tests write. A README body that drifts from
// the code, or a new kind without a README section, fails here.
func TestReadmeShowsEveryKindsExample(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	shown := map[string]map[string]any{}
	for _, m := range readmeExample.FindAllStringSubmatch(string(raw), -1) {
		var body map[string]any
		require.NoError(t, json.Unmarshal([]byte(m[2]), &body), "README example for %s is not JSON", m[1])
		_, dup := shown[m[1]]
		require.False(t, dup, "README shows two examples for %s", m[1])
		shown[m[1]] = body
	}
	for _, k := range All() {
		body, ok := shown[k.Name]
		if !assert.True(t, ok, "README has no example for kind %s", k.Name) {
			continue
		}
		// Compare through JSON so numbers and strings compare as written.
		want, err := json.Marshal(k.Example)
		require.NoError(t, err)
		got, err := json.Marshal(body)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got), "README example for %s differs from the registry's", k.Name)
		delete(shown, k.Name)
	}
	assert.Empty(t, shown, "README shows examples for kinds that are not registered")
}
