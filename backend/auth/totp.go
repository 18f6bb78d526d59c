package auth

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters (RFC 6238) that every authenticator app understands: HMAC-SHA-1, 6 digits,
// a 30-second step and a 160-bit secret.
const (
	TOTPDigits     = 6
	TOTPPeriod     = 30
	totpSecretSize = 20
	// TOTPSkew is how many steps either side of now a code is accepted in, for a phone whose
	// clock is a little off.
	TOTPSkew = 1
	// totpQRSize is the side of the enrolment QR code PNG, in pixels.
	totpQRSize = 240
)

// ErrTOTPEnrol means a TOTP key could not be made (a broken random source or bad names).
var ErrTOTPEnrol = errors.New("auth: could not make a TOTP key")

// TOTPKey is a new second-factor secret to show once at enrolment: the base32 Secret to type
// into an authenticator app, the otpauth:// URI, and the same URI as a QR code PNG.
type TOTPKey struct {
	Secret string
	URI    string
	QRPNG  []byte
}

// NewTOTPKey makes a random TOTP secret for account (a username or e-mail) at issuer (the
// organization's name, shown by the authenticator app).
func NewTOTPKey(issuer, account string) (TOTPKey, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: TOTPPeriod,
		SecretSize: totpSecretSize, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPKey{}, fmt.Errorf("%w: %v", ErrTOTPEnrol, err)
	}
	img, err := key.Image(totpQRSize, totpQRSize)
	if err != nil {
		return TOTPKey{}, fmt.Errorf("%w: %v", ErrTOTPEnrol, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPKey{}, fmt.Errorf("%w: %v", ErrTOTPEnrol, err)
	}
	return TOTPKey{Secret: key.Secret(), URI: key.URL(), QRPNG: buf.Bytes()}, nil
}

// TOTPStep is the RFC 6238 time step (counter) of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / TOTPPeriod }

// VerifyTOTP checks a 6-digit code typed by the user against secret at time t, accepting the
// step of t and TOTPSkew steps either side. A step not after lastStep is refused, so a code
// (even a correct one seen over someone's shoulder) is accepted only once. It returns the step
// that matched, to be stored as the new lastStep.
func VerifyTOTP(secret, code string, t time.Time, lastStep int64) (int64, bool) {
	return verifyTOTP(secret, code, t, lastStep, TOTPSkew, totp.ValidateOpts{Period: TOTPPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// LooksLikeTOTP reports whether what the user typed has the shape of a TOTP code (6 digits,
// spaces ignored) rather than of a recovery code.
func LooksLikeTOTP(code string) bool {
	c := strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(c) != TOTPDigits {
		return false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// verifyTOTP is VerifyTOTP with the step window and code options given, so the RFC 6238 test
// vectors (8 digits, SHA-1/256/512) run through the same comparison.
func verifyTOTP(secret, code string, t time.Time, lastStep int64, skew int64, opts totp.ValidateOpts) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if code == "" || secret == "" {
		return 0, false
	}
	now := TOTPStep(t)
	if opts.Period != 0 && opts.Period != TOTPPeriod {
		now = t.Unix() / int64(opts.Period)
	}
	period := int64(opts.Period)
	if period == 0 {
		period = TOTPPeriod
	}
	matched, ok := int64(0), false
	// Every step of the window is computed and compared in constant time, so the answer takes
	// as long whichever step (if any) matched.
	for step := now - skew; step <= now+skew; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*period, 0), opts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > lastStep && !ok {
			matched, ok = step, true
		}
	}
	return matched, ok
}
