package accounts

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/plantel/plantel/backend/mail"
)

// Codes of the coded errors of passwords, reset codes and two-factor sign-in. The frontend
// has a translation for each.
const (
	// CodeTwoFactorRequired: the password was right; send a TOTP or recovery code with
	// SignInSecondFactor(params.challengeId, code).
	CodeTwoFactorRequired = "two_factor_required"
	// CodeChallengeExpired: the second-factor challenge is unknown or older than 5 minutes;
	// sign in again.
	CodeChallengeExpired = "challenge_expired"
	// CodeCodeInvalid: a wrong (or used) reset, invitation, TOTP or recovery code.
	CodeCodeInvalid = "code_invalid"
	// CodeCodeExpired: a right code whose time ran out.
	CodeCodeExpired = "code_expired"
	// CodePasswordChangeRequired: the user must change their password before anything else
	// (first sign-in with generated credentials, an administrator's generated reset, or a
	// password older than the policy's maximum age).
	CodePasswordChangeRequired = "password_change_required"
	// CodeTwoFactorSetupRequired: the policy requires a second factor this user has not set
	// up; they must enrol before anything else.
	CodeTwoFactorSetupRequired = "two_factor_setup_required"
	// CodeMailNotConfigured: no SMTP server is set up (ask an administrator instead).
	CodeMailNotConfigured = "mail_not_configured"
	// CodeMailFailed: the SMTP server could not be reached or refused the message.
	CodeMailFailed = "mail_failed"
	// CodeReused is the password-policy failure of a password among the user's last ones.
	CodeReused = "reused"
)

// challengeTTL is how long a second-factor challenge waits for its code.
const challengeTTL = 5 * time.Minute

// challenge is a sign-in whose password was right and whose second factor is awaited.
type challenge struct {
	userID  string
	key     string // the lockout key of the sign-in
	newHash string // a rehash of the password to store when the sign-in completes
	expires time.Time
}

// security is the per-process state of the accounts service: open second-factor challenges
// (in memory only: a restart simply asks for the password again), outgoing mail still in
// flight, and how to build a Mailer.
type security struct {
	mu         sync.Mutex
	challenges map[string]challenge
	inflight   sync.WaitGroup
	newMailer  func(mail.Config) mail.Mailer
}

func newSecurity() *security {
	return &security{challenges: map[string]challenge{},
		newMailer: func(c mail.Config) mail.Mailer { return mail.NewSMTP(c) }}
}

// newChallenge stores c under a new random id and returns the id. Expired challenges are
// dropped on the way.
func (sec *security) newChallenge(c challenge, now time.Time) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	sec.mu.Lock()
	defer sec.mu.Unlock()
	for k, old := range sec.challenges {
		if !now.Before(old.expires) {
			delete(sec.challenges, k)
		}
	}
	sec.challenges[id] = c
	return id, nil
}

// challenge returns the live challenge id, if any.
func (sec *security) challenge(id string, now time.Time) (challenge, bool) {
	sec.mu.Lock()
	defer sec.mu.Unlock()
	c, ok := sec.challenges[id]
	if ok && !now.Before(c.expires) {
		delete(sec.challenges, id)
		return c, false
	}
	return c, ok
}

// dropChallenge forgets challenge id.
func (sec *security) dropChallenge(id string) {
	sec.mu.Lock()
	delete(sec.challenges, id)
	sec.mu.Unlock()
}

// SetMailerFactory replaces how the service builds its Mailer from the SMTP settings (tests
// use it to trust their own TLS certificate).
func (s *Service) SetMailerFactory(f func(mail.Config) mail.Mailer) { s.sec.newMailer = f }

// WaitMail blocks until the e-mails sent in the background (reset codes) have gone out or
// failed; for tests and for a clean shutdown.
func (s *Service) WaitMail() { s.sec.inflight.Wait() }
