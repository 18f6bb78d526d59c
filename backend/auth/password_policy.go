package auth

import "unicode"

// Failure codes of a password-policy check. They are a contract with the frontend
// (docs/bindings.md, PolicyFailure) and the keys of its translations: keep them exactly.
const (
	CodeTooShort         = "too_short"         // params: {min}
	CodeTooLong          = "too_long"          // params: {max}
	CodeCommon           = "common"            // on the shipped block list
	CodeContainsPersonal = "contains_personal" // params: {what: "username" | "name" | "email"}
	CodeNeedsDigit       = "needs_digit"
	CodeNeedsUpper       = "needs_upper"
	CodeNeedsLower       = "needs_lower"
	CodeNeedsSpecial     = "needs_special"
)

// Ranges enforced by PasswordPolicy.Clamped.
const (
	MinLengthFloor          = 15  // lowest MinLength without two-factor (NIST SP 800-63B-4)
	MinLengthFloorTwoFactor = 8   // lowest MinLength when two-factor sign-in is required
	MinLengthCeiling        = 64  // highest MinLength
	MaxLengthFloor          = 64  // lowest MaxLength: at least 64 code points are always accepted
	MaxLengthCeiling        = 256 // highest MaxLength an administrator may set
	MaxHistoryCount         = 24  // most previous passwords remembered
	MaxPasswordAgeDays      = 365 // longest MaxAgeDays
)

// PasswordPolicy is the organisation's password policy, set by the Owner and administrators
// (PRODUCT.md F1.3). Use Clamped before storing one an administrator submitted; Check clamps
// by itself.
type PasswordPolicy struct {
	// MinLength is the fewest code points accepted (after NFKC normalisation).
	MinLength int `json:"minLength"`
	// MaxLength is the most code points accepted; longer passwords are refused.
	MaxLength int `json:"maxLength"`
	// RequireDigit asks for at least one decimal digit (any script).
	RequireDigit bool `json:"requireDigit"`
	// RequireUpper asks for at least one upper-case letter (any script, e.g. "Ł").
	RequireUpper bool `json:"requireUpper"`
	// RequireLower asks for at least one lower-case letter (any script, e.g. "ñ").
	RequireLower bool `json:"requireLower"`
	// RequireSpecial asks for at least one code point that is neither a letter nor a digit.
	RequireSpecial bool `json:"requireSpecial"`
	// BlockCommon refuses passwords on the shipped list of common and breached passwords.
	BlockCommon bool `json:"blockCommon"`
	// HistoryCount is how many previous passwords a user may not reuse (0: no history).
	HistoryCount int `json:"historyCount"`
	// MaxAgeDays is how many days a password lasts before it must be changed (0: forever).
	MaxAgeDays int `json:"maxAgeDays"`
	// TwoFactorRequired says two-factor sign-in is required, which allows MinLength down to 8.
	TwoFactorRequired bool `json:"twoFactorRequired"`
}

// DefaultPasswordPolicy returns the NIST SP 800-63B-4 defaults: at least 15 and at most 64
// code points, no composition rules, common passwords blocked, the last 5 passwords not
// reusable, no maximum age, two-factor not required.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{
		MinLength:    MinLengthFloor,
		MaxLength:    MaxLengthFloor,
		BlockCommon:  true,
		HistoryCount: 5,
	}
}

// Clamped returns p with every number forced into its allowed range: MinLength into [15, 64]
// ([8, 64] when TwoFactorRequired), MaxLength into [max(64, MinLength), 256], HistoryCount into
// [0, 24] and MaxAgeDays into [0, 365]. The flags are kept as they are.
func (p PasswordPolicy) Clamped() PasswordPolicy {
	minFloor := MinLengthFloor
	if p.TwoFactorRequired {
		minFloor = MinLengthFloorTwoFactor
	}
	p.MinLength = clamp(p.MinLength, minFloor, MinLengthCeiling)
	p.MaxLength = clamp(p.MaxLength, max(MaxLengthFloor, p.MinLength), MaxLengthCeiling)
	p.HistoryCount = clamp(p.HistoryCount, 0, MaxHistoryCount)
	p.MaxAgeDays = clamp(p.MaxAgeDays, 0, MaxPasswordAgeDays)
	return p
}

// clamp returns v forced into [lo, hi].
func clamp(v, lo, hi int) int {
	return min(max(v, lo), hi)
}

// Personal is what the policy knows about the password's owner, so that a password made of
// their own username, name or e-mail is refused. Empty fields are ignored.
type Personal struct {
	Username  string
	Email     string
	FirstName string
	LastName  string
}

// Report is the result of a policy check, sent to the frontend as a PolicyReport
// (docs/bindings.md). Length, Min and Max are in code points after NFKC normalisation.
type Report struct {
	OK       bool      `json:"ok"`
	Length   int       `json:"length"`
	Min      int       `json:"min"`
	Max      int       `json:"max"`
	Failures []Failure `json:"failures"` // never nil: an empty list is sent as []
}

// Failure is one rule a password breaks (a PolicyFailure in docs/bindings.md): Code is one of
// the Code* constants, Params holds the values its message needs.
type Failure struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params,omitempty"`
}

// Check measures password against the policy (clamped first, see Clamped) and the owner's
// personal data, and lists every rule it breaks, in this order: too_short or too_long,
// common, contains_personal (once per kind of data: username, name, email), needs_digit,
// needs_upper, needs_lower, needs_special. The password is NFKC-normalised first and its
// length counted in code points, so an emoji, "ł" or "ñ" counts as one.
func (p PasswordPolicy) Check(password string, who Personal) Report {
	p = p.Clamped()
	pw := NormalizePassword(password)
	r := Report{Length: codePoints(pw), Min: p.MinLength, Max: p.MaxLength, Failures: []Failure{}}

	switch {
	case r.Length < p.MinLength:
		r.Failures = append(r.Failures, Failure{Code: CodeTooShort, Params: map[string]any{"min": p.MinLength}})
	case r.Length > p.MaxLength:
		r.Failures = append(r.Failures, Failure{Code: CodeTooLong, Params: map[string]any{"max": p.MaxLength}})
	}
	if p.BlockCommon && IsCommon(pw) {
		r.Failures = append(r.Failures, Failure{Code: CodeCommon})
	}
	for _, what := range personalMatches(pw, who) {
		r.Failures = append(r.Failures, Failure{Code: CodeContainsPersonal, Params: map[string]any{"what": what}})
	}

	var hasDigit, hasUpper, hasLower, hasSpecial bool
	for _, c := range pw {
		switch {
		case unicode.IsDigit(c):
			hasDigit = true
		case unicode.IsUpper(c):
			hasUpper = true
		case unicode.IsLower(c):
			hasLower = true
		case !unicode.IsLetter(c):
			hasSpecial = true
		}
	}
	rules := []struct {
		required, present bool
		code              string
	}{
		{p.RequireDigit, hasDigit, CodeNeedsDigit},
		{p.RequireUpper, hasUpper, CodeNeedsUpper},
		{p.RequireLower, hasLower, CodeNeedsLower},
		{p.RequireSpecial, hasSpecial, CodeNeedsSpecial},
	}
	for _, rule := range rules {
		if rule.required && !rule.present {
			r.Failures = append(r.Failures, Failure{Code: rule.code})
		}
	}
	r.OK = len(r.Failures) == 0
	return r
}
