//go:build dev

package app

import (
	"os"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// EnvReminderInterval (dev builds only) sets how often the reminder ticker checks, as a Go
// duration ("2s"), so the end-to-end suite does not wait 30 seconds.
const EnvReminderInterval = "PLANTEL_DEV_REMINDER_INTERVAL"

func init() {
	devReminderInterval = func() time.Duration {
		d, _ := time.ParseDuration(os.Getenv(EnvReminderInterval))
		return d
	}
}

// DevSeedClient (dev builds only) adds a client in the Owner's first workspace, in the
// Owner's portfolio, through the write path, and returns its id: the end-to-end suite plans
// follow-ups on it while the clients feature lives on another branch. Only the Owner may.
func (s *AgendaService) DevSeedClient(name, phone string) (string, error) {
	a, err := s.core.Actor(access.Need{Roles: []access.Role{access.Owner}})
	if err != nil {
		return "", err
	}
	var ws string
	if err := s.core.Accounts.DB().Read().QueryRow(`SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1`).Scan(&ws); err != nil {
		return "", s.core.fail(apperr.Internal(err))
	}
	id := store.NewID()
	err = s.core.Accounts.DB().Write(s.core.Context(), a.UserID, func(tx *store.Tx) error {
		return tx.Insert("clients", id, store.Fields{"name": name, "phone": phone, "workspace_id": ws, "owner_id": a.UserID})
	})
	return id, s.core.fail(err)
}
