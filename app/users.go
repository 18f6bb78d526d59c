package app

import (
	"context"
	"os"
	"strings"
	"sync"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/textin"
	"github.com/plantel/plantel/backend/users"
)

// EventImportProgress is emitted while Import runs, with an ImportProgress.
const EventImportProgress = "import:progress"

// ImportProgress is the payload of EventImportProgress.
type ImportProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// FileResult says where a file went; Cancelled when the user closed the dialog.
type FileResult struct {
	Cancelled bool   `json:"cancelled"`
	Path      string `json:"path"`
}

// ImportFile is an import file chosen in the open dialog and checked (nothing written).
type ImportFile struct {
	Cancelled bool                 `json:"cancelled"`
	FileName  string               `json:"fileName"`
	Preview   *users.ImportPreview `json:"preview"`
}

// importFilters are the file types an import accepts.
var importFilters = []FileFilter{{DisplayName: "CSV / Excel (*.csv, *.xlsx)", Pattern: "*.csv;*.xlsx"}}

// UsersService is bound to the window: the user list (F2), a user's profile data and
// history (F4), and export and import of users.
type UsersService struct {
	core  *Core
	users *users.Service

	mu           sync.Mutex
	cancelImport context.CancelFunc
}

// NewUsersService binds the users service to core.
func NewUsersService(core *Core) *UsersService {
	return &UsersService{core: core, users: users.New(core.Accounts, auth.Hasher{}, core.Log)}
}

var needUsers = access.Need{Module: access.ModUsers}

// List returns one page of the user list.
func (s *UsersService) List(q users.ListQuery) (*users.Page, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	q.Search = textin.Search(q.Search)
	p, err := s.users.List(s.core.Context(), a, q)
	return p, s.core.fail(err)
}

// Options returns the choices of the list's filters and of the user form.
func (s *UsersService) Options() (*users.FilterOptions, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	o, err := s.users.Options(s.core.Context(), a)
	return o, s.core.fail(err)
}

// ProposeUsername proposes a free username for a first and last name.
func (s *UsersService) ProposeUsername(firstName, lastName string) (string, error) {
	if _, err := s.core.Actor(needUsers); err != nil {
		return "", err
	}
	u, err := s.users.ProposeUsername(s.core.Context(), firstName, lastName)
	return u, s.core.fail(err)
}

// Create adds a user and returns the new id.
func (s *UsersService) Create(in users.CreateInput) (string, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return "", err
	}
	id, err := s.users.Create(s.core.Context(), a, in)
	return id, s.core.fail(err)
}

// Get returns a user's profile data; anyone may ask for themself.
func (s *UsersService) Get(id string) (*users.UserDetail, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	d, err := s.users.Get(s.core.Context(), a, id)
	return d, s.core.fail(err)
}

// Update edits a user (anyone may edit their own details) and returns the user as saved.
func (s *UsersService) Update(id string, in users.UpdateInput) (*users.UserDetail, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	if err := s.users.Update(s.core.Context(), a, id, in); err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// TransferOwnership makes another user the Owner; only the Owner may.
func (s *UsersService) TransferOwnership(toUserID string) error {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return err
	}
	return s.core.fail(s.users.TransferOwnership(s.core.Context(), a, toUserID))
}

// PreviewOffboard counts what deactivating or deleting a user would move (clients, open
// follow-ups, team and campaign memberships), for the dialog to say before anything moves.
func (s *UsersService) PreviewOffboard(id string) (*users.OffboardPreview, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	r, err := s.users.PreviewOffboard(s.core.Context(), a, id)
	return r, s.core.fail(err)
}

// Deactivate turns a user off and hands their clients over.
func (s *UsersService) Deactivate(id string, h users.Handover) (*users.OffboardResult, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	r, err := s.users.Deactivate(s.core.Context(), a, id, h)
	return r, s.core.fail(err)
}

// Reactivate turns a deactivated user back on.
func (s *UsersService) Reactivate(id string) error {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return err
	}
	return s.core.fail(s.users.Reactivate(s.core.Context(), a, id))
}

// Delete removes a user for good after the typed confirmation of their username.
func (s *UsersService) Delete(id, confirmUsername string, h users.Handover) (*users.OffboardResult, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	r, err := s.users.Delete(s.core.Context(), a, id, confirmUsername, h)
	return r, s.core.fail(err)
}

// History returns a page of the changes made to a user; anyone may see their own.
func (s *UsersService) History(userID string, offset, limit int) (*users.HistoryPage, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	h, err := s.users.History(s.core.Context(), a, userID, offset, limit)
	return h, s.core.fail(err)
}

// Export saves the filtered list (all matching rows) as "csv" or "xlsx" where the user
// chooses in the save dialog.
func (s *UsersService) Export(q users.ListQuery, format string) (*FileResult, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	if format != users.FormatCSV && format != users.FormatXLSX {
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{users.FormatCSV, users.FormatXLSX})
	}
	q.Search = textin.Search(q.Search)
	name := "users-" + s.core.Accounts.DB().Now().Format("2006-01-02") + "." + format
	filter := FileFilter{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}
	if format == users.FormatXLSX {
		filter = FileFilter{DisplayName: "Excel (*.xlsx)", Pattern: "*.xlsx"}
	}
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Export users", name, filter)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	data, err := s.users.Export(s.core.Context(), a, q, format)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return s.write(path, data)
}

// SaveImportTemplate saves an empty import file (the header row) where the user chooses.
func (s *UsersService) SaveImportTemplate() (*FileResult, error) {
	if _, err := s.core.Actor(needUsers); err != nil {
		return nil, err
	}
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Import template", "users-import.csv",
		FileFilter{DisplayName: "CSV (*.csv)", Pattern: "*.csv"})
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	return s.write(path, []byte("\ufeff"+strings.Join(users.ImportColumns, ",")+"\r\n"))
}

// write saves data at path, readable by the user only.
func (s *UsersService) write(path string, data []byte) (*FileResult, error) {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	return &FileResult{Path: path}, nil
}

// PreviewImport lets the user choose a CSV or XLSX file and checks every row; nothing is
// written until Import.
func (s *UsersService) PreviewImport() (*ImportFile, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	f, err := s.core.chooseImportFile("Import users", users.MaxImportBytes)
	if err != nil {
		return nil, err
	}
	if f.cancelled {
		return &ImportFile{Cancelled: true}, nil
	}
	p, err := s.users.PreviewImport(s.core.Context(), a, f.data, f.format)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &ImportFile{FileName: f.name, Preview: p}, nil
}

// Import creates the previewed users in one write, emitting import:progress; CancelImport
// stops it with nothing written. One import runs at a time.
func (s *UsersService) Import(rows []users.ImportRow, opts users.ImportOptions) (*users.ImportResult, error) {
	a, err := s.core.Actor(needUsers)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(s.core.Context())
	defer cancel()
	s.mu.Lock()
	if s.cancelImport != nil {
		s.mu.Unlock()
		return nil, apperr.Validation("import", "busy")
	}
	s.cancelImport = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancelImport = nil
		s.mu.Unlock()
	}()
	step := max(1, len(rows)/100)
	res, err := s.users.Import(ctx, a, rows, opts, func(done, total int) {
		if done == total || done%step == 0 {
			s.core.Runtime.Emit(s.core.Context(), EventImportProgress, ImportProgress{Done: done, Total: total})
		}
	})
	return res, s.core.fail(err)
}

// CancelImport stops the running import, if any; nothing of it is written.
func (s *UsersService) CancelImport() error {
	if _, err := s.core.Actor(needUsers); err != nil {
		return err
	}
	s.mu.Lock()
	if s.cancelImport != nil {
		s.cancelImport()
	}
	s.mu.Unlock()
	return nil
}

// SignIns returns a page of a user's sign-in history (F4.8): sign-ins, sign-outs, failed
// attempts and lockouts with time and workstation; anyone may see their own.
func (s *UsersService) SignIns(userID string, offset, limit int) (*users.SignInPage, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	p, err := s.users.SignIns(s.core.Context(), a, userID, offset, limit)
	return p, s.core.fail(err)
}

// MyPreferences returns the signed-in user's notification frequency and auto-away idle
// minutes (F4.4, F4.5); language and theme come with the session.
func (s *UsersService) MyPreferences() (*accounts.WorkPreferences, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	p, err := s.core.Accounts.WorkPreferences(s.core.Context(), a)
	return p, s.core.fail(err)
}

// SetMyPreferences saves the signed-in user's notification frequency and idle minutes and
// returns them as stored.
func (s *UsersService) SetMyPreferences(p accounts.WorkPreferences) (*accounts.WorkPreferences, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	if err := s.core.Accounts.SetWorkPreferences(s.core.Context(), a, p); err != nil {
		return nil, s.core.fail(err)
	}
	return s.MyPreferences()
}
