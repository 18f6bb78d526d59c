// Package clients is the client-portfolio backend of PRODUCT.md F8 ("bolsa de clientes"):
// the scoped, paged and searchable client list, creating and editing clients, moving
// portfolios between users (transfer to one, spread evenly over several, unassign) with
// their open follow-ups in one transaction, and import from CSV/XLSX. Every operation
// takes the acting user and checks permission and scope: agents see and edit only their
// own clients, administrators every client of their workspaces, the Owner all (F8.4, F10).
// All writes go through the one write path (store.DB.Write).
package clients

import (
	"context"
	"math/rand/v2"
	"sync"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// CodeCanceled is the code of an operation the user cancelled (a transfer, an import);
// nothing of it was written. The same code as the users import's.
const CodeCanceled = "canceled"

// Service is the clients backend.
type Service struct {
	db  *store.DB
	log zerolog.Logger

	randMu sync.Mutex
	rnd    *rand.Rand
}

// New builds the clients service on db.
func New(db *store.DB, log zerolog.Logger) *Service {
	return &Service{db: db, log: log.With().Str("component", "clients").Logger(),
		rnd: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// Seed makes the random order of spreads repeatable (tests).
func (s *Service) Seed(a, b uint64) {
	s.randMu.Lock()
	s.rnd = rand.New(rand.NewPCG(a, b))
	s.randMu.Unlock()
}

// shuffle permutes n items with swap, for spreading a portfolio at random.
func (s *Service) shuffle(n int, swap func(i, j int)) {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	s.rnd.Shuffle(n, swap)
}

// read is a querier on the read pool.
func (s *Service) read(ctx context.Context) store.Reader { return s.db.Reader(ctx) }

// canceled is the error of a cancelled operation.
func canceled() error { return apperr.New(CodeCanceled) }
