package kinds

import (
	"fmt"
	"regexp"
	"sort"
)

// OpenRules bound a kind that takes any keys (generic): what a key may look
// like and how much may be stored.
type OpenRules struct {
	KeyPattern *regexp.Regexp
	MaxKeys    int
	MaxBytes   int
}

func (o *OpenRules) parse(body map[string]any) (Values, error) {
	keys := make([]string, 0, len(body))
	for key := range body {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	vals := make(Values, len(body))
	size := 0
	for _, key := range keys {
		if !o.KeyPattern.MatchString(key) {
			return nil, invalid(key, "is not a valid key: keys match %s", o.KeyPattern)
		}
		if body[key] == nil {
			continue
		}
		s, ok := scalarString(body[key])
		if !ok {
			return nil, invalid(key, "must be a string, number or boolean, not an object or array")
		}
		vals[key] = s
		size += len(key) + len(s)
	}
	if len(vals) == 0 {
		return nil, &FieldError{Field: "data", Err: ErrMissing, Detail: "give at least one key/value pair"}
	}
	if len(vals) > o.MaxKeys {
		return nil, invalid("data", "has %d keys; at most %d are allowed", len(vals), o.MaxKeys)
	}
	if size > o.MaxBytes {
		return nil, invalid("data", "holds %d bytes; at most %d are allowed", size, o.MaxBytes)
	}
	return vals, nil
}

// String describes the rules for help text.
func (o *OpenRules) String() string {
	return fmt.Sprintf("keys match %s; values are strings, numbers or booleans (stored as strings); at most %d keys and %d bytes in all; every value is sensitive",
		o.KeyPattern, o.MaxKeys, o.MaxBytes)
}
