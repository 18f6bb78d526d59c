package accounts

import (
	"context"
	"database/sql"
	"errors"
	"sync/atomic"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/mail"
	"github.com/plantel/plantel/backend/store"
)

// Reset codes (F1.4).
const (
	// ResetCodeTTL is how long an e-mailed reset code works.
	ResetCodeTTL = 30 * time.Minute
	// resetCodeInterval is the shortest time between two codes for one account, so the
	// "forgot password" button cannot be used to flood a mailbox.
	resetCodeInterval = time.Minute
	// mailTimeout bounds one background delivery.
	mailTimeout = 60 * time.Second
)

// RequestReset e-mails a single-use reset code (valid ResetCodeTTL) to the account whose
// username or e-mail is login, in its language. It answers the same (nil) whether or not
// such an account exists, is active or got a code a moment ago. Without SMTP it is
// mail_not_configured (the window then says to ask an administrator, F2.9). A new code makes
// the account's earlier ones useless.
//
// So that the answer's timing does not tell which accounts exist (an unknown login used to
// answer 4× faster: no write, no code), the answer does the same work for every login: one
// lookup, a fresh code and its hash; whether a code is stored and e-mailed is decided in the
// background, with the delivery.
func (s *Service) RequestReset(ctx context.Context, login string) error {
	m, err := s.Mailer(ctx)
	if err != nil {
		return err
	}
	norm := NormalizeUsername(login)
	if norm == "" {
		return apperr.Validation("login", "required")
	}
	acc, err := s.findAccount(ctx, norm)
	if err != nil {
		return err
	}
	traceReset("find")
	code, err := NewCode(ResetCodeLength)
	if err != nil {
		return apperr.Internal(err)
	}
	hash := HashCode(code)
	traceReset("code")
	s.sec.inflight.Add(1)
	go func() {
		defer s.sec.inflight.Done()
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), mailTimeout)
		defer cancel()
		s.issueResetCode(bg, m, acc, code, hash)
	}()
	traceReset("queued")
	return nil
}

// traceReset notes a step of RequestReset's answer for tests (resetTrace is nil otherwise).
func traceReset(step string) {
	if f := resetTrace.Load(); f != nil {
		(*f)(step)
	}
}

var resetTrace atomic.Pointer[func(string)]

// issueResetCode stores and e-mails a reset code for acc when it could sign in with a
// password (an open invitation is accepted with its own code, a deactivated account stays
// shut) and got none in the last resetCodeInterval. It runs in the background: what it
// finds is logged, never answered.
func (s *Service) issueResetCode(ctx context.Context, m mail.Mailer, acc *account, code, hash string) {
	if acc == nil {
		return
	}
	u, err := loadUser(s.read(ctx), acc.id)
	if err != nil {
		return
	}
	if ua := (account{active: u.Active, status: u.Status, mustChange: u.MustChange}); !ua.canSignIn() || u.Hash == "" {
		return
	}
	issued := false
	err = s.db.Write(ctx, u.ID, func(tx *store.Tx) error {
		now, _ := store.ParseTimestamp(tx.Now())
		var last string
		err := tx.QueryRow(sq.Select("COALESCE(MAX(created_at), '')").From("reset_codes").Where(sq.Eq{"user_id": u.ID})).Scan(&last)
		if err != nil {
			return apperr.Internal(err)
		}
		if t, _ := store.ParseTimestamp(last); last != "" && now.Before(t.Add(resetCodeInterval)) {
			return nil
		}
		if err := spendResetCodes(tx, u.ID); err != nil {
			return err
		}
		issued = true
		if err := tx.Insert("reset_codes", store.NewID(), store.Fields{"user_id": u.ID, "code_hash": hash,
			"expires_at": store.Timestamp(now.Add(ResetCodeTTL))}); err != nil {
			return err
		}
		return tx.Audit("users", u.ID, "reset_code_sent", nil)
	})
	if err != nil {
		s.log.Warn().Err(err).Str("user_id", u.ID).Msg("reset code not stored")
		return
	}
	if !issued {
		return
	}
	msg := mail.ResetCodeMessage(u.Language, u.Email, mail.ResetCodeData{OrgName: s.orgName(ctx), Name: u.displayName(),
		Code: code, Minutes: int(ResetCodeTTL / time.Minute)})
	if err := m.Send(ctx, msg); err != nil {
		s.log.Warn().Err(err).Str("user_id", u.ID).Msg("reset code e-mail failed")
		return
	}
	s.log.Info().Str("user_id", u.ID).Msg("reset code e-mailed")
}

// ResetWithCodeInput is the "I have a reset code" form.
type ResetWithCodeInput struct {
	Login    string `json:"login"`
	Code     string `json:"code"`
	Password string `json:"password"`
	Repeat   string `json:"repeat"`
}

// ResetWithCode sets a new password with an e-mailed code. A wrong or used code (or an
// unknown login) is code_invalid and counts toward the lockout exactly like a wrong
// password at sign-in (account_locked at the limit); a right code past its time is
// code_expired. The new password is checked like any other (policy, repeat, history); when it
// fails the code stays usable. On success the code is spent, the user's sessions end on
// every workstation, a lockout is lifted, and a pending account that had to set its password
// becomes active.
func (s *Service) ResetWithCode(ctx context.Context, in ResetWithCodeInput) error {
	norm := NormalizeUsername(in.Login)
	if norm == "" {
		return apperr.Validation("login", "required")
	}
	if NormalizeCode(in.Code) == "" {
		return apperr.Validation("code", "required")
	}
	acc, err := s.findAccount(ctx, norm)
	if err != nil {
		return err
	}
	key, userID := "login:"+norm, ""
	if acc != nil {
		key, userID = "user:"+acc.id, acc.id
	}
	var codeID, expires string
	err = s.guard(ctx, key, userID, func() (bool, error) {
		if acc == nil {
			return false, nil
		}
		err := s.db.Read().QueryRowContext(ctx, `SELECT id, expires_at FROM reset_codes WHERE user_id = ? AND code_hash = ? AND used_at = ''`,
			acc.id, HashCode(in.Code)).Scan(&codeID, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		if err != nil {
			return false, apperr.Internal(err)
		}
		return true, nil
	})
	if apperr.CodeOf(err) == apperr.CodeInvalidCredentials {
		return apperr.New(CodeCodeInvalid).WithField("code")
	}
	if err != nil {
		return err
	}
	now := s.db.Now()
	if t, _ := store.ParseTimestamp(expires); !now.Before(t) {
		return apperr.New(CodeCodeExpired).WithField("code")
	}
	u, err := loadUser(s.read(ctx), acc.id)
	if err != nil {
		return err
	}
	hash, err := s.checkNewPassword(ctx, u, in.Password, in.Repeat)
	if err != nil {
		return err
	}
	err = s.db.Write(ctx, u.ID, func(tx *store.Tx) error {
		// Spend the code first, inside the write: of two workstations redeeming it at once,
		// the second finds it used.
		var used string
		if err := tx.QueryRow(sq.Select("used_at").From("reset_codes").Where(sq.Eq{"id": codeID})).Scan(&used); err != nil || used != "" {
			return apperr.New(CodeCodeInvalid).WithField("code")
		}
		if err := spendResetCodes(tx, u.ID); err != nil {
			return err
		}
		if err := setPassword(tx, u, hash, false); err != nil {
			return err
		}
		if err := revokeSessions(tx, u.ID, "password_reset"); err != nil {
			return err
		}
		if err := clearLockout(tx, u.ID); err != nil {
			return err
		}
		return tx.Audit("users", u.ID, "password_reset_by_code", nil)
	})
	if err != nil {
		return err
	}
	s.log.Info().Str("user_id", u.ID).Msg("password reset with an e-mailed code")
	return nil
}

// spendResetCodes marks every unused reset code of user used.
func spendResetCodes(tx *store.Tx, userID string) error {
	ids, err := store.Strings(tx, sq.Select("id").From("reset_codes").Where(sq.Eq{"user_id": userID, "used_at": ""}))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.Update("reset_codes", id, store.Fields{"used_at": tx.Now()}); err != nil {
			return err
		}
	}
	return nil
}
