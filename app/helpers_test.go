package app_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

func openFresh(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
