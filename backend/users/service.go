// Package users is the people backend of PRODUCT.md F2: the scoped, paged and searchable
// user list, creating and editing users under the role guard rails, deactivation and
// deletion with the hand-over of their client portfolio, the history of a user, and export
// and import of the list. Every operation takes the acting user, checks permission and
// workspace scope, and changes data only through the one write path (store.DB.Write).
package users

import (
	"math/rand/v2"
	"sync"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// CodeCanceled is the code of an operation the user cancelled (an import); nothing of it
// was written.
const CodeCanceled = "canceled"

// Service is the users backend.
type Service struct {
	db     *store.DB
	acc    *accounts.Service
	hasher auth.Hasher
	log    zerolog.Logger

	randMu sync.Mutex
	rnd    *rand.Rand
}

// New builds the users service on the accounts service (its store and password policy).
// A zero Hasher uses the default argon2id parameters.
func New(acc *accounts.Service, hasher auth.Hasher, log zerolog.Logger) *Service {
	return &Service{db: acc.DB(), acc: acc, hasher: hasher,
		log: log.With().Str("component", "users").Logger(),
		rnd: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// shuffle permutes n items with swap, for spreading a portfolio at random.
func (s *Service) shuffle(n int, swap func(i, j int)) {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	s.rnd.Shuffle(n, swap)
}

// canceled is the error of a cancelled operation.
func canceled() error { return apperr.New(CodeCanceled) }
