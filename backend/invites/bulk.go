package invites

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// Limits of bulk creation.
const (
	MaxBulkCount = 500
	// maxBulkSkips bounds how many taken numbers are stepped over.
	maxBulkSkips = 100000
)

// BulkInput is the bulk-accounts form (F2.5). Start is the first number tried (default 1);
// numbers whose username or e-mail is taken are skipped.
type BulkInput struct {
	ProfileID    string   `json:"profileId"`
	WorkspaceIDs []string `json:"workspaceIds"`
	Count        int      `json:"count"`
	Pattern      string   `json:"pattern"`
	Start        int      `json:"start"`
	Language     string   `json:"language"` // of the new accounts; empty: the creator's
}

// BulkAccount is one created account with its generated password, shown once.
type BulkAccount struct {
	UserID   string `json:"userId"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// BulkResult is what Bulk made: the accounts and the credentials text file (Text, to be
// saved as FileName), both holding the passwords and returned this once. Skipped counts the
// numbers stepped over because they were taken.
type BulkResult struct {
	Accounts []BulkAccount `json:"accounts"`
	Text     string        `json:"text"`
	FileName string        `json:"fileName"`
	Skipped  int           `json:"skipped"`
}

// CheckBulk validates a bulk form as Bulk would, without creating anything (the window
// checks before asking where to save the credentials).
func (s *Service) CheckBulk(ctx context.Context, a *access.Actor, in BulkInput) error {
	_, _, err := s.checkBulk(ctx, a, &in)
	return err
}

// checkBulk applies the rules of Bulk that need no hashing and fills in the defaults; it
// returns the parsed pattern and the accounts' language.
func (s *Service) checkBulk(ctx context.Context, a *access.Actor, in *BulkInput) (*Pattern, string, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, "", err
	}
	if in.Count < 1 || in.Count > MaxBulkCount {
		return nil, "", apperr.Validation("count", "range").WithParam("min", 1).WithParam("max", MaxBulkCount)
	}
	if in.Start < 0 {
		return nil, "", apperr.Validation("start", "range").WithParam("min", 0)
	}
	if in.Start == 0 {
		in.Start = 1
	}
	pat, err := ParsePattern(in.Pattern)
	if err != nil {
		return nil, "", err
	}
	lang := in.Language
	if lang == "" {
		lang = "es"
		if err := store.ScanOptional(s.db.Read().QueryRowContext(ctx, `SELECT language FROM users WHERE id = ?`, a.UserID), &lang); err != nil {
			return nil, "", apperr.Internal(err)
		}
	}
	if !slices.Contains(accounts.Languages, lang) {
		return nil, "", apperr.Validation("language", "one_of").WithParam("allowed", accounts.Languages)
	}
	r := s.read(ctx)
	p, err := access.LoadProfileRef(r, in.ProfileID)
	if err != nil {
		return nil, "", err
	}
	if err := access.MayGrant(a, p); err != nil {
		return nil, "", err
	}
	if _, err := checkWorkspaces(r, a, in.WorkspaceIDs); err != nil {
		return nil, "", err
	}
	return pat, lang, nil
}

// Progress receives how many of total passwords are hashed so far.
type Progress func(done, total int)

// Bulk creates Count accounts on Pattern with random policy-compliant passwords (F2.5), in
// one write: pending, active, must change the password at first sign-in (they turn active
// when they do). Rules as Invite: administrators only agent profiles whose modules they
// hold and their own workspaces. The passwords are hashed in parallel on every core first
// (argon2id is the slow part: ~25 ms each); cancelling ctx then stops with code canceled and
// nothing written. progress may be nil.
func (s *Service) Bulk(ctx context.Context, a *access.Actor, in BulkInput, progress Progress) (*BulkResult, error) {
	pat, lang, err := s.checkBulk(ctx, a, &in)
	if err != nil {
		return nil, err
	}
	pol, err := s.acc.PasswordPolicy(ctx)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	passwords, hashes, err := s.generate(ctx, pol, in.Count, progress)
	if err != nil {
		return nil, err
	}
	res := &BulkResult{Accounts: make([]BulkAccount, 0, in.Count)}
	var p *access.ProfileRef
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		res.Accounts, res.Skipped = res.Accounts[:0], 0
		var perr error
		if p, perr = access.LoadProfileRef(tx, in.ProfileID); perr != nil {
			return perr
		}
		ws, err := checkWorkspaces(tx, a, in.WorkspaceIDs)
		if err != nil {
			return err
		}
		n := in.Start
		for i := range in.Count {
			for {
				taken, err := exists(tx, sq.Select("1").From("users").
					Where(sq.Or{sq.Eq{"username": pat.Username(n)}, sq.Eq{"email": pat.Email(n)}}))
				if err != nil {
					return err
				}
				if !taken {
					break
				}
				n++
				if res.Skipped++; res.Skipped > maxBulkSkips {
					return apperr.Validation("pattern", "exhausted")
				}
			}
			id := store.NewID()
			if err := tx.Insert("users", id, store.Fields{"username": pat.Username(n), "email": pat.Email(n),
				"first_name": "", "last_name": "", "role": string(p.Role), "profile_id": p.ID, "active": true,
				"status": "pending", "must_change_password": true, "password_hash": hashes[i],
				"password_changed_at": tx.Now(), "language": lang}); err != nil {
				return err
			}
			for _, w := range ws {
				if err := tx.Insert("user_workspaces", store.PairID("user_workspaces", id, w), store.Fields{"user_id": id, "workspace_id": w}); err != nil {
					return err
				}
			}
			res.Accounts = append(res.Accounts, BulkAccount{UserID: id, Username: pat.Username(n), Email: pat.Email(n), Password: passwords[i]})
			n++
		}
		return tx.Audit("users", "", "bulk_created", map[string]any{"count": in.Count, "profile_id": p.ID, "pattern": in.Pattern})
	})
	if err != nil {
		return nil, err
	}
	who, org := "", s.orgName(ctx)
	var creatorLang string
	// The accounts exist now: a failed read of the creator's name leaves it out of the file.
	if err := store.ScanOptional(s.db.Read().QueryRowContext(ctx, `SELECT `+names.SQL("")+` || ' (' || username || ')', language FROM users WHERE id = ?`,
		a.UserID), &who, &creatorLang); err != nil {
		s.log.Warn().Err(err).Msg("creator of bulk accounts unreadable")
	}
	res.Text = credentialsText(creatorLang, org, who, access.ProfileDisplayName(p.Name, p.Role, p.Builtin, creatorLang), s.db.Now(), res.Accounts)
	res.FileName = credentialsFileName(s.db.Now())
	s.log.Info().Str("actor_id", a.UserID).Int("count", in.Count).Int("skipped", res.Skipped).Msg("bulk accounts created")
	return res, nil
}

// generate draws count passwords and hashes them on every core.
func (s *Service) generate(ctx context.Context, pol auth.PasswordPolicy, count int, progress Progress) ([]string, []string, error) {
	passwords := make([]string, count)
	for i := range passwords {
		pw, err := auth.GeneratePassword(pol)
		if err != nil {
			return nil, nil, apperr.Internal(err)
		}
		passwords[i] = pw
	}
	hashes := make([]string, count)
	var next, done atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), count)
	var lastReport atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= count || ctx.Err() != nil {
					return
				}
				h, err := s.hasher.Hash(passwords[i])
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				hashes[i] = h
				d := done.Add(1)
				// Report at most every 100 ms, and always the last one.
				if progress != nil {
					now := time.Now().UnixMilli()
					if last := lastReport.Load(); int(d) == count || (now-last >= 100 && lastReport.CompareAndSwap(last, now)) {
						progress(int(d), count)
					}
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil, apperr.New(CodeCanceled)
	}
	if firstErr != nil {
		return nil, nil, apperr.Internal(firstErr)
	}
	return passwords, hashes, nil
}
