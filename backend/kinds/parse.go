package kinds

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-secure-stdlib/parseutil"
)

// Canonical applies Expand and resolves aliases, keeping nil values (which mean
// "remove" in a patch). A body that names a field twice (by name and by alias)
// is refused.
func (k *Kind) Canonical(body map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(body))
	for key, v := range body {
		out[key] = v
	}
	if k.Expand != nil {
		var err error
		if out, err = k.Expand(out); err != nil {
			return nil, err
		}
	}
	for _, f := range k.Fields {
		for _, alias := range f.Aliases {
			v, ok := out[alias]
			if !ok {
				continue
			}
			if _, both := out[f.Name]; both {
				return nil, conflict(alias, "is another name for %q; give only one of them", f.Name)
			}
			out[f.Name] = v
			delete(out, alias)
		}
	}
	return out, nil
}

// Parse turns a write body into canonical values, or returns the first
// *FieldError. It refuses unknown fields and missing required ones, applies
// defaults, runs every check, and returns warnings for a valid body.
func (k *Kind) Parse(body map[string]any) (Values, []string, error) {
	body, err := k.Canonical(body)
	if err != nil {
		return nil, nil, err
	}
	if k.Open != nil {
		v, err := k.Open.parse(body)
		return v, nil, err
	}
	if err := k.refuseUnknown(body); err != nil {
		return nil, nil, err
	}
	vals := make(Values, len(k.Fields))
	for _, f := range k.Fields {
		s, err := f.canonical(body[f.Name])
		if err != nil {
			return nil, nil, err
		}
		if s == "" {
			s = f.Default
		}
		if s == "" {
			if f.Required {
				return nil, nil, &FieldError{Field: f.Name, Err: ErrMissing, Detail: "is required: " + f.Description}
			}
			continue
		}
		if f.Check != nil {
			if err := f.Check(s); err != nil {
				return nil, nil, &FieldError{Field: f.Name, Err: ErrInvalid, Detail: err.Error()}
			}
		}
		vals[f.Name] = s
	}
	if k.Validate != nil {
		if err := k.Validate(vals); err != nil {
			return nil, nil, err
		}
	}
	var warnings []string
	if k.Warnings != nil {
		warnings = k.Warnings(vals)
	}
	return vals, warnings, nil
}

func (k *Kind) refuseUnknown(body map[string]any) error {
	var unknown []string
	for key := range body {
		if _, ok := k.Field(key); !ok {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	names := make([]string, len(k.Fields))
	for i, f := range k.Fields {
		names[i] = f.Name
	}
	return &FieldError{Field: unknown[0], Err: ErrUnknownField,
		Detail: fmt.Sprintf("is not a field of kind %q (its fields: %s)", k.Name, strings.Join(names, ", "))}
}

// canonical converts one JSON value to the field's stored string form.
func (f *Field) canonical(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	switch f.Type {
	case Bool:
		b, err := parseutil.ParseBool(v)
		if err != nil {
			return "", invalid(f.Name, "must be true or false")
		}
		return strconv.FormatBool(b), nil
	case Seconds:
		d, err := parseutil.ParseDurationSecond(v)
		if err != nil || d < 0 {
			return "", invalid(f.Name, "must be a duration such as 3600, \"90m\" or \"24h\"")
		}
		return strconv.FormatInt(int64(d/time.Second), 10), nil
	default:
		s, ok := v.(string)
		if !ok {
			return "", invalid(f.Name, "must be a string")
		}
		// Stored exactly as given: a PEM key keeps its final newline, and a
		// token with a stray space fails its check instead of being altered.
		return s, nil
	}
}

// Output returns the values with their JSON types (booleans, seconds as
// numbers), in the form reads and creds/ return. With mask set, sensitive
// values are replaced by Placeholder.
func (k *Kind) Output(v Values, mask bool) map[string]any {
	out := make(map[string]any, len(v))
	for key, s := range v {
		if mask && k.IsSensitive(key) {
			out[key] = Placeholder
			continue
		}
		out[key] = s
		if f, ok := k.Field(key); ok {
			out[key] = f.typed(s)
		}
	}
	return out
}

// Placeholder stands in for every sensitive value in a secrets/ read.
const Placeholder = "<sensitive>"

func (f *Field) typed(s string) any {
	switch f.Type {
	case Bool:
		return s == "true"
	case Seconds:
		n, _ := strconv.ParseInt(s, 10, 64)
		return n
	}
	return s
}

// scalarString formats a JSON scalar as a string; ok is false for objects and arrays.
func scalarString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case json.Number:
		return t.String(), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(t), 'f', -1, 32), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	}
	return "", false
}
