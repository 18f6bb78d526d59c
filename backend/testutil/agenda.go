package testutil

import (
	"context"
	"time"

	"github.com/plantel/plantel/backend/store"
)

// SeedClient adds a client in workspace ws owned by ownerID (empty: unassigned), through the
// write path as the Owner, and returns its id. For agenda tests while the clients feature
// lives elsewhere.
func (e *Env) SeedClient(name, phone, ws, ownerID string) string {
	e.T.Helper()
	id := store.NewID()
	f := store.Fields{"name": name, "phone": phone, "workspace_id": ws}
	if ownerID != "" {
		f["owner_id"] = ownerID
	}
	if err := e.DB.Write(context.Background(), e.Owner, func(tx *store.Tx) error {
		return tx.Insert("clients", id, f)
	}); err != nil {
		e.T.Fatalf("seed client: %v", err)
	}
	return id
}

// SeedFollowup adds an open follow-up on clientID owned by ownerID, due at due, through the
// write path as the Owner, and returns its id.
func (e *Env) SeedFollowup(clientID, ownerID string, due time.Time, note string) string {
	e.T.Helper()
	id := store.NewID()
	if err := e.DB.Write(context.Background(), e.Owner, func(tx *store.Tx) error {
		return tx.Insert("followups", id, store.Fields{"client_id": clientID, "owner_id": ownerID,
			"due_at": store.Timestamp(due), "note": note})
	}); err != nil {
		e.T.Fatalf("seed follow-up: %v", err)
	}
	return id
}
