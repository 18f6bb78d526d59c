// Package accounts holds first-run setup, sign-in with lockout, workstation sessions and a
// user's own preferences. Every operation takes the acting user and returns coded errors.
package accounts

import (
	"sync"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/store"
)

// Service is the accounts backend.
type Service struct {
	db     *store.DB
	hasher auth.Hasher
	log    zerolog.Logger
	sec    *security    // second-factor challenges and mail delivery (security.go)
	box    *secrets.Box // seals the TOTP secrets and the SMTP password (sealed.go)
	boxMu  sync.Mutex
}

// New builds the accounts service on db. A zero Hasher uses the default argon2id parameters.
func New(db *store.DB, hasher auth.Hasher, log zerolog.Logger) *Service {
	return &Service{db: db, hasher: hasher, log: log.With().Str("component", "accounts").Logger(), sec: newSecurity()}
}

// DB is the store the service writes through.
func (s *Service) DB() *store.DB { return s.db }
