package kinds

import (
	"errors"
	"fmt"
)

// Sentinel errors, so callers can tell the kinds of bad input apart.
var (
	ErrUnknownField = errors.New("unknown field")
	ErrMissing      = errors.New("missing required field")
	ErrInvalid      = errors.New("invalid value")
	ErrConflict     = errors.New("conflicting fields")
)

// FieldError is bad input in one field. Its message names the field and never
// quotes the value.
type FieldError struct {
	Field  string
	Err    error
	Detail string
}

func (e *FieldError) Error() string { return fmt.Sprintf("field %q: %s", e.Field, e.Detail) }

func (e *FieldError) Unwrap() error { return e.Err }

func invalid(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: ErrInvalid, Detail: fmt.Sprintf(format, args...)}
}

func conflict(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: ErrConflict, Detail: fmt.Sprintf(format, args...)}
}
