package testutil

import (
	"context"
	"fmt"
	"time"

	"github.com/plantel/plantel/backend/store"
)

// SeedClients adds n clients of workspace ws to owner's portfolio (owner "" = unassigned)
// through the write path, each with one open follow-up owned by owner when withFollowups,
// and returns their ids. Names are "<prefix> 00001"...
func (e *Env) SeedClients(prefix, owner, ws string, n int, withFollowups bool) []string {
	e.T.Helper()
	ids := make([]string, n)
	due := store.Timestamp(e.Clock.Now().Add(24 * time.Hour))
	err := e.DB.Write(context.Background(), e.Owner, func(tx *store.Tx) error {
		var o any
		if owner != "" {
			o = owner
		}
		for i := range ids {
			ids[i] = store.NewID()
			if err := tx.Insert("clients", ids[i], store.Fields{"name": fmt.Sprintf("%s %05d", prefix, i+1),
				"workspace_id": ws, "owner_id": o}); err != nil {
				return err
			}
			if withFollowups {
				if err := tx.Insert("followups", store.NewID(), store.Fields{"client_id": ids[i], "owner_id": o,
					"due_at": due, "note": "call back"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		e.T.Fatalf("seed clients: %v", err)
	}
	return ids
}
