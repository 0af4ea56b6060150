//go:build e2e

package e2e

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// helpPaths is one concrete request path for every path of the mount, from
// the kinds registry, so a new kind's paths are covered too.
func helpPaths() []string {
	paths := []string{"config", "types", "types/aws", "secrets", "creds", "creds/app-x", "rotate/app-x"}
	for _, k := range kinds.All() {
		paths = append(paths, "secrets/"+k.Name, "secrets/"+k.Name+"/app-x")
	}
	return paths
}

// testPathHelp: `vault path-help` on every path prints a synopsis and a
// description, and documents every parameter.
func (e *env) testPathHelp(t *testing.T) {
	out := e.vault(t, "path-help", e.mount(""))
	assert.Contains(t, out, "integrations secrets engine")
	for _, p := range helpPaths() {
		t.Run(p, func(t *testing.T) {
			out := e.vault(t, "path-help", e.mount(p))
			require.Contains(t, out, "Matching Route:")
			synopsis, rest := helpSections(out)
			assert.NotEmpty(t, synopsis, "no synopsis:\n%s", out)
			desc, ok := rest["DESCRIPTION"]
			assert.True(t, ok && desc != "", "no description:\n%s", out)
			assert.NotContains(t, out, "<no description>")
			assert.NotContains(t, out, "<undocumented>")
		})
	}
}

// helpSections splits path-help output into the synopsis (the text between
// the route and the first "## " heading) and the sections by heading.
func helpSections(out string) (synopsis string, sections map[string]string) {
	sections = map[string]string{}
	parts := strings.Split(out, "\n## ")
	head := parts[0]
	if i := strings.Index(head, "Matching Route:"); i >= 0 {
		head = head[i:]
		if j := strings.IndexByte(head, '\n'); j >= 0 {
			synopsis = strings.TrimSpace(head[j:])
		}
	}
	for _, s := range parts[1:] {
		title, body, _ := strings.Cut(s, "\n")
		sections[strings.TrimSpace(title)] = strings.TrimSpace(body)
	}
	return synopsis, sections
}

// testOpenAPI: sys/internal/specs/openapi lists every path of the mount, each
// operation with an operation id and a summary, and the ids are unique.
func (e *env) testOpenAPI(t *testing.T) {
	status, doc := e.api(t, http.MethodGet, "sys/internal/specs/openapi", e.rootToken(), nil)
	require.Equal(t, http.StatusOK, status)
	specPaths := obj(t, doc, "paths")

	prefix := "/" + e.v.Mount + "/"
	var mine []string
	for p := range specPaths {
		if strings.HasPrefix(p, prefix) {
			mine = append(mine, p)
		}
	}
	sort.Strings(mine)
	t.Logf("OpenAPI paths of the mount: %v", mine)

	// Every concrete path matches exactly one templated OpenAPI path.
	for _, p := range helpPaths() {
		var matches []string
		for _, sp := range mine {
			if openAPIPattern(sp).MatchString(prefix + p) {
				matches = append(matches, sp)
			}
		}
		assert.NotEmpty(t, matches, "no OpenAPI path for %s", p)
	}

	ids := map[string]string{}
	for _, p := range mine {
		item := obj(t, specPaths, p)
		ops := 0
		for method, v := range item {
			op, ok := v.(map[string]any)
			if !ok || !isHTTPMethod(method) {
				continue
			}
			ops++
			id, _ := op["operationId"].(string)
			assert.NotEmpty(t, op["summary"], "%s %s has no summary", method, p)
			if assert.NotEmpty(t, id, "%s %s has no operationId", method, p) {
				assert.NotContains(t, ids, id, "operationId %s used twice (%s %s and %s)", id, method, p, ids[id])
				ids[id] = method + " " + p
			}
		}
		assert.NotZero(t, ops, "%s has no operations", p)
		assert.NotEmpty(t, item["description"], "%s has no description", p)
	}
	t.Logf("operation ids: %v", ids)
}

// openAPIPattern turns "/integrations/secrets/aws/{name}" into a regexp.
func openAPIPattern(p string) *regexp.Regexp {
	q := regexp.QuoteMeta(p)
	q = regexp.MustCompile(`\\\{[^}]*\\\}`).ReplaceAllString(q, `[^/]+`)
	return regexp.MustCompile("^" + strings.TrimSuffix(q, "/") + "/?$")
}

func isHTTPMethod(m string) bool {
	switch m {
	case "get", "post", "put", "patch", "delete":
		return true
	}
	return false
}
