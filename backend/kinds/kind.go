// Package kinds describes every secret kind the engine stores as data: its
// fields, which are required and sensitive, their checks, the renderings that
// creds/ adds, an example body and the counterexamples that must be refused.
//
// The backend generates its paths, help, types/ discovery and table tests from
// this registry, so adding a kind means adding one file here that calls
// Register from init.
package kinds

import (
	"fmt"
	"sort"
)

// FieldType says how a field is written and how creds/ returns it. Values are
// stored as canonical strings whatever their type, so that storage, merging and
// masking need no per-type code.
type FieldType int

const (
	// String fields take a JSON string.
	String FieldType = iota
	// Bool fields take a JSON boolean or "true"/"false"; creds/ returns a boolean.
	Bool
	// Seconds fields take a number of seconds or a Go duration ("1h");
	// creds/ returns whole seconds.
	Seconds
)

func (t FieldType) String() string {
	switch t {
	case Bool:
		return "bool"
	case Seconds:
		return "seconds"
	}
	return "string"
}

// Field is one named value of a kind.
type Field struct {
	Name        string
	Description string
	Type        FieldType
	Required    bool
	// Sensitive values are returned only by creds/; secrets/ reads show Placeholder.
	Sensitive bool
	// Default is stored when the field is absent or empty.
	Default string
	// Aliases are other names accepted on write (for pasting a tool's output as is).
	Aliases []string
	// Check validates a non-empty canonical value. Its error must describe the
	// problem without quoting the value, which may be a secret.
	Check func(value string) error
}

// Values are a secret's fields in canonical string form, keyed by field name.
type Values map[string]string

// Invalid is a counterexample: the kind's example body with Patch merged in
// (a nil value removes the key) must be refused with a message naming Field.
type Invalid struct {
	Why   string
	Patch map[string]any
	Field string
}

// WithPatch returns a copy of body with patch merged in, a nil value removing
// the key (a JSON merge patch of flat objects, RFC 7396). The backend's PATCH
// merges stored Values with it; tests build each counterexample's body from
// the kind's example with it.
func WithPatch[V any](body map[string]V, patch map[string]any) map[string]any {
	out := make(map[string]any, len(body)+len(patch))
	for k, v := range body {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// Kind is the declarative description of one secret type.
type Kind struct {
	// Name is the path segment: secrets/<Name>/<secret>.
	Name        string
	Description string
	Fields      []Field
	// Open kinds (generic) take any keys instead of Fields; every value is sensitive.
	Open *OpenRules
	// Expand rewrites a body before anything else (the GCP key file given as one
	// string). Nil values in the body mean "remove" and must be kept.
	Expand func(body map[string]any) (map[string]any, error)
	// Validate checks rules that span fields, after every field passed its own check.
	Validate func(v Values) error
	// Warnings are returned with a successful write; they must not quote values.
	Warnings func(v Values) []string
	// Render adds consumer-ready values (dockerconfigjson, kubeconfig) to creds/.
	Render func(name string, v Values) map[string]any
	// Rotates marks kinds whose stored credential can replace itself (rotate/<name>).
	Rotates bool
	// Example is a valid body, shown by types/<kind> and the README and written by the tests.
	Example map[string]any
	// Invalid lists counterexamples that the backend tests prove are refused.
	Invalid []Invalid
}

var registry = map[string]*Kind{}

// Register adds a kind; it is called from each kind file's init.
func Register(k *Kind) {
	if _, dup := registry[k.Name]; dup {
		panic(fmt.Sprintf("kinds: %q registered twice", k.Name))
	}
	registry[k.Name] = k
}

// Get returns the kind with that name.
func Get(name string) (*Kind, bool) {
	k, ok := registry[name]
	return k, ok
}

// All returns every kind, sorted by name.
func All() []*Kind {
	out := make([]*Kind, 0, len(registry))
	for _, k := range registry {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Names returns every kind's name, sorted.
func Names() []string {
	all := All()
	out := make([]string, len(all))
	for i, k := range all {
		out[i] = k.Name
	}
	return out
}

// Field returns the field with that name.
func (k *Kind) Field(name string) (*Field, bool) {
	for i := range k.Fields {
		if k.Fields[i].Name == name {
			return &k.Fields[i], true
		}
	}
	return nil, false
}

// IsSensitive says whether creds/ is the only place the field may appear.
func (k *Kind) IsSensitive(name string) bool {
	if k.Open != nil {
		return true
	}
	f, ok := k.Field(name)
	return ok && f.Sensitive
}
