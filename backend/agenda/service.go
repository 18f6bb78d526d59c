// Package agenda is the agenda backend of PRODUCT.md F9: follow-ups ("next contact date") on
// a client, owned by a user, with a due time, a note and done/undone; the agenda by range and
// owner, paged, with overdue and due-today counts computed in the workstation's time zone;
// and the in-app reminders of follow-ups that come due. Every operation takes the acting
// user and checks scope here (F8.4, F10): an agent sees and changes only their own
// follow-ups on their own clients, an administrator those of the clients of their
// workspaces, the Owner all. Writes go only through the one write path.
package agenda

import (
	"time"

	_ "time/tzdata" // IANA zones on workstations without a zone database (Windows)

	"github.com/plantel/plantel/backend/store"
)

// MaxNote is the longest note of a follow-up, in characters.
const MaxNote = 1000

// MaxRange is the most follow-ups one calendar range returns; a range with more says
// Truncated (a month of a busy administrator's whole workspace).
const MaxRange = 2000

// Service is the agenda backend.
type Service struct {
	db  *store.DB
	now func() time.Time
}

// New builds the agenda service on db; its clock is the store's (fake in tests).
func New(db *store.DB) *Service { return &Service{db: db, now: db.Now} }

// Followup is one follow-up as the window shows it, with its client and owner.
type Followup struct {
	ID            string `json:"id"`
	ClientID      string `json:"clientId"`
	ClientName    string `json:"clientName"`
	ClientPhone   string `json:"clientPhone"`
	WorkspaceID   string `json:"workspaceId"`
	OwnerID       string `json:"ownerId"` // '' when nobody owns it (client unassigned)
	OwnerName     string `json:"ownerName"`
	OwnerAvatarID string `json:"ownerAvatarId"`
	DueAt         string `json:"dueAt"` // UTC, store.Timestamp format
	Note          string `json:"note"`
	Done          bool   `json:"done"`
	DoneAt        string `json:"doneAt"`
	// Overdue: open and due before now.
	Overdue bool `json:"overdue"`
}
