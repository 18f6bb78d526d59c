package app_test

import (
	"path/filepath"
	"testing"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// openFresh is a new database in dir (no organization yet): a copy of the migrated template.
func openFresh(t *testing.T, dir string) *store.DB {
	t.Helper()
	return testutil.OpenNew(t, filepath.Join(dir, store.FileName), store.Options{})
}
