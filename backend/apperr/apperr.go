// Package apperr holds the coded errors every backend operation returns. The frontend
// translates them by code (errors.<code> in the locale files); a Go error string never
// reaches a user.
package apperr

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Codes used across the backend. The frontend has a translation for each.
const (
	CodeUnauthenticated    = "unauthenticated"
	CodePermissionDenied   = "permission_denied"
	CodeNotFound           = "not_found"
	CodeValidation         = "validation"
	CodeConflictUnique     = "conflict_unique"
	CodePasswordPolicy     = "password_policy"
	CodeInvalidCredentials = "invalid_credentials"
	CodeAccountLocked      = "account_locked"
	CodeAlreadySetup       = "already_setup"
	CodeAccountInactive    = "account_inactive"
	CodeInternal           = "internal"
	// CodeDiskFull: a write failed because the disk is full (issue 12.7): the user can act
	// on it (free space), unlike internal.
	CodeDiskFull = "disk_full"
	// CodeDatabaseDamaged: the background check found the database damaged, and the store
	// refuses every write from then on (a write could spread the damage); the window's
	// dialog offers the latest backup.
	CodeDatabaseDamaged = "database_damaged"
)

// Error is a coded error: a stable Code, an optional Field the form shows it under, and
// Params for the translated message. Cause keeps the underlying error for logs only.
type Error struct {
	Code   string         `json:"code"`
	Field  string         `json:"field,omitempty"`
	Params map[string]any `json:"params,omitempty"`
	Cause  error          `json:"-"`
}

// Error implements error; the text is for logs and tests, never for users.
func (e *Error) Error() string {
	s := e.Code
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// New makes a coded error with the given code.
func New(code string) *Error { return &Error{Code: code} }

// WithField returns a copy naming the offending field.
func (e *Error) WithField(field string) *Error { c := *e; c.Field = field; return &c }

// WithParam returns a copy with one more translation parameter.
func (e *Error) WithParam(k string, v any) *Error {
	c := *e
	c.Params = make(map[string]any, len(e.Params)+1)
	for kk, vv := range e.Params {
		c.Params[kk] = vv
	}
	c.Params[k] = v
	return &c
}

// Unauthenticated is returned by every bound method called without a valid session.
func Unauthenticated() *Error { return New(CodeUnauthenticated) }

// PermissionDenied is returned when the actor may not do what it asked.
func PermissionDenied() *Error { return New(CodePermissionDenied) }

// NotFound is returned for missing rows and for rows outside the actor's workspaces.
func NotFound() *Error { return New(CodeNotFound) }

// Validation reports a malformed input field; rule says which rule it broke.
func Validation(field, rule string) *Error {
	return &Error{Code: CodeValidation, Field: field, Params: map[string]any{"rule": rule}}
}

// Conflict reports a unique value already taken.
func Conflict(field string) *Error { return &Error{Code: CodeConflictUnique, Field: field} }

// Internal wraps an unexpected error; the cause is logged, never shown.
func Internal(cause error) *Error { return &Error{Code: CodeInternal, Cause: cause} }

// Internalf wraps an unexpected condition described by a format string.
func Internalf(format string, args ...any) *Error {
	return Internal(fmt.Errorf(format, args...))
}

// CodeOf returns the code of err, or "" for nil, or internal for an uncoded error.
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// As returns err as a coded error, wrapping an uncoded one as internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// JSON renders err as the JSON text the window receives: {"code":..,"field":..,"params":..}.
func JSON(err error) string {
	e := As(err)
	b, mErr := json.Marshal(e)
	if mErr != nil {
		return `{"code":"internal"}`
	}
	return string(b)
}
