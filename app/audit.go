package app

import (
	"context"
	"sync"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/audit"
)

// EventAuditExportProgress carries an audit export's Progress.
const EventAuditExportProgress = "audit:export-progress"

// AuditService is the audit page (F11.1): the Owner reads every entry, an administrator
// the entries about their workspaces, an agent none (permission_denied).
type AuditService struct {
	core  *Core
	audit *audit.Service

	mu     sync.Mutex
	cancel context.CancelFunc
}

// NewAuditService binds the audit log.
func NewAuditService(core *Core) *AuditService {
	return &AuditService{core: core, audit: audit.New(core.Accounts.DB())}
}

// List returns one page of entries, newest first; pass the page's Next as q.Cursor for
// the following one.
func (s *AuditService) List(q audit.Query) (*audit.Page, error) {
	a, err := s.core.Actor(audit.Need)
	if err != nil {
		return nil, err
	}
	p, err := s.audit.List(s.core.Context(), a, q)
	return p, s.core.fail(err)
}

// Export saves every entry q selects (not one page) as "csv" or "xlsx" where the user
// chooses in the save dialog, emitting audit:export-progress; Cancel stops it and leaves
// no file.
func (s *AuditService) Export(q audit.Query, format string) (*FileResult, error) {
	a, err := s.core.Actor(audit.Need)
	if err != nil {
		return nil, err
	}
	if format != audit.FormatCSV && format != audit.FormatXLSX {
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{audit.FormatCSV, audit.FormatXLSX})
	}
	filter := FileFilter{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}
	if format == audit.FormatXLSX {
		filter = FileFilter{DisplayName: "Excel (*.xlsx)", Pattern: "*.xlsx"}
	}
	name := "audit-" + s.core.Accounts.DB().Now().Format("2006-01-02") + "." + format
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Export audit log", name, filter)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	ctx, cancel := context.WithCancel(s.core.Context())
	s.mu.Lock()
	if s.cancel != nil {
		s.mu.Unlock()
		cancel()
		return nil, apperr.Validation("audit", "busy")
	}
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		cancel()
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}()
	last := -1
	progress := func(done, total int) {
		if pct := done * 100 / max(total, 1); pct != last || done == total {
			last = pct
			s.core.Runtime.Emit(s.core.Context(), EventAuditExportProgress, Progress{Done: done, Total: total})
		}
	}
	if _, err := s.audit.Export(ctx, a, q, format, path, progress); err != nil {
		return nil, s.core.fail(err)
	}
	return &FileResult{Path: path}, nil
}

// Cancel stops the export in progress, if any.
func (s *AuditService) Cancel() error {
	if _, err := s.core.Actor(audit.Need); err != nil {
		return err
	}
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
	return nil
}
