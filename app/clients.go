package app

import (
	"context"
	"os"
	"strings"
	"sync"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/textin"
)

// Events of the clients service, each with a Progress payload.
const (
	EventClientsTransferProgress = "clients:transfer-progress"
	EventClientsImportProgress   = "clients:import-progress"
)

// Progress is the payload of the clients' progress events.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// ClientImportFile is a client import file chosen in the open dialog and checked
// (nothing written).
type ClientImportFile struct {
	Cancelled bool                   `json:"cancelled"`
	FileName  string                 `json:"fileName"`
	Preview   *clients.ImportPreview `json:"preview"`
}

// ClientsService is bound to the window: the client list and form (F8.1, F8.4), moving
// portfolios (F8.2, F8.3) and importing clients.
type ClientsService struct {
	core    *Core
	clients *clients.Service

	mu     sync.Mutex
	cancel context.CancelFunc // of the running transfer or import
}

// NewClientsService binds the clients service to core.
func NewClientsService(core *Core) *ClientsService {
	return &ClientsService{core: core, clients: clients.New(core.Accounts.DB(), core.Log)}
}

var needClients = access.Need{Module: access.ModClients}

// List returns one page of the clients the signed-in user may see.
func (s *ClientsService) List(q clients.ListQuery) (*clients.Page, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	q.Search = textin.Search(q.Search)
	p, err := s.clients.List(s.core.Context(), a, q)
	return p, s.core.fail(err)
}

// Options returns the workspaces and tags of the list's filters and of the form.
func (s *ClientsService) Options() (*clients.Options, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	o, err := s.clients.Options(s.core.Context(), a)
	return o, s.core.fail(err)
}

// Get returns one client.
func (s *ClientsService) Get(id string) (*clients.Client, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	c, err := s.clients.Get(s.core.Context(), a, id)
	return c, s.core.fail(err)
}

// Create adds a client and returns it as saved.
func (s *ClientsService) Create(in clients.Input) (*clients.Client, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	id, err := s.clients.Create(s.core.Context(), a, in)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// Update edits a client and returns it as saved.
func (s *ClientsService) Update(id string, in clients.Input) (*clients.Client, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	if err := s.clients.Update(s.core.Context(), a, id, in); err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// Delete removes a client and its follow-ups.
func (s *ClientsService) Delete(id string) error {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return err
	}
	return s.core.fail(s.clients.Delete(s.core.Context(), a, id))
}

// Transfer moves clients to one user, spreads them over several, or unassigns them, in
// one transaction, emitting clients:transfer-progress; Cancel stops it with nothing moved.
func (s *ClientsService) Transfer(req clients.MoveRequest) (*clients.MoveResult, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	ctx, done, err := s.begin()
	if err != nil {
		return nil, err
	}
	defer done()
	res, err := s.clients.Move(ctx, a, req, s.emitter(EventClientsTransferProgress))
	return res, s.core.fail(err)
}

// Cancel stops the running transfer or import, if any; nothing of it is written.
func (s *ClientsService) Cancel() error {
	if _, err := s.core.Actor(needClients); err != nil {
		return err
	}
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
	return nil
}

// begin starts the one long operation (transfer or import) this window may run at a time.
func (s *ClientsService) begin() (context.Context, func(), error) {
	ctx, cancel := context.WithCancel(s.core.Context())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		cancel()
		return nil, nil, apperr.Validation("clients", "busy")
	}
	s.cancel = cancel
	return ctx, func() {
		cancel()
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}, nil
}

// emitter returns a progress callback that emits event about a hundred times in all.
func (s *ClientsService) emitter(event string) func(done, total int) {
	last := -1
	return func(done, total int) {
		pct := done * 100 / max(total, 1)
		if pct != last || done == total {
			last = pct
			s.core.Runtime.Emit(s.core.Context(), event, Progress{Done: done, Total: total})
		}
	}
}

// SaveImportTemplate saves an import file with the header row and one example row where
// the user chooses.
func (s *ClientsService) SaveImportTemplate() (*FileResult, error) {
	if _, err := s.core.Actor(access.Need{Module: access.ModClients, Roles: []access.Role{access.Owner, access.Admin}}); err != nil {
		return nil, err
	}
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Import template", "clients-import.csv",
		FileFilter{DisplayName: "CSV (*.csv)", Pattern: "*.csv"})
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	data := "\ufeff" + strings.Join(clients.ImportColumns, ",") + "\r\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	return &FileResult{Path: path}, nil
}

// PreviewImport lets the user choose a CSV or XLSX file and checks every row; nothing is
// written until Import.
func (s *ClientsService) PreviewImport() (*ClientImportFile, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	if err := access.Check(a, access.Need{Roles: []access.Role{access.Owner, access.Admin}}); err != nil {
		return nil, err
	}
	f, err := s.core.chooseImportFile("Import clients", clients.MaxImportBytes)
	if err != nil {
		return nil, err
	}
	if f.cancelled {
		return &ClientImportFile{Cancelled: true}, nil
	}
	p, err := s.clients.PreviewImport(s.core.Context(), a, f.data, f.format)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &ClientImportFile{FileName: f.name, Preview: p}, nil
}

// Import creates the previewed clients in one write, emitting clients:import-progress;
// Cancel stops it with nothing written.
func (s *ClientsService) Import(rows []clients.ImportRow, opts clients.ImportOptions) (*clients.ImportResult, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	ctx, done, err := s.begin()
	if err != nil {
		return nil, err
	}
	defer done()
	res, err := s.clients.Import(ctx, a, rows, opts, s.emitter(EventClientsImportProgress))
	return res, s.core.fail(err)
}

// Export saves every client of the filtered list (the list's filters and order) as "xlsx" or
// "csv" where the user chooses in the save dialog: headers in the user's language, CSV with
// ";" for es, pt and pl.
func (s *ClientsService) Export(q clients.ListQuery, format string) (*FileResult, error) {
	a, err := s.core.Actor(needClients)
	if err != nil {
		return nil, err
	}
	if format != clients.FormatCSV && format != clients.FormatXLSX {
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{clients.FormatXLSX, clients.FormatCSV})
	}
	name := "clients-" + s.core.Accounts.DB().Now().Format("2006-01-02") + "." + format
	filter := FileFilter{DisplayName: "Excel (*.xlsx)", Pattern: "*.xlsx"}
	if format == clients.FormatCSV {
		filter = FileFilter{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}
	}
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Export clients", name, filter)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	data, err := s.clients.Export(s.core.Context(), a, q, format)
	if err != nil {
		return nil, s.core.fail(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	return &FileResult{Path: path}, nil
}
