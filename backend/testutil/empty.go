package testutil

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// NewEnvEmpty opens a fresh database with no organization (the setup screen's state), its
// clock at the real time (a workstation joining a sync server).
func NewEnvEmpty(t testing.TB) *Env {
	t.Helper()
	e := &Env{T: t, Dir: t.TempDir(), Clock: NewClock(time.Now()), Log: &LockedBuffer{}}
	db := OpenNew(t, filepath.Join(e.Dir, store.FileName), store.Options{Now: e.Clock.Now})
	e.DB = db
	e.Logger = zerolog.New(e.Log).With().Timestamp().Logger()
	e.Accounts = accounts.New(db, auth.Hasher{}, e.Logger)
	return e
}
