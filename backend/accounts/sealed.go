package accounts

import (
	"context"
	"path/filepath"

	"github.com/plantel/plantel/backend/secrets"
)

// Sealed columns (backend/secrets): the TOTP secret and the secret settings (SMTP password)
// are stored sealed with the organization key, never in clear (issue #12, item 8).
var (
	colTOTPSecret  = secrets.Column{Table: "user_totp", Name: "secret"}
	colSecretValue = secrets.Column{Table: "secret_settings", Name: "value"}
)

// UseSecrets sets the box that seals and opens the stored secrets (main.go opens it with the
// OS credential store). Without it the service opens one on first use with the key file in
// <database dir>/keys, which is what tests get.
func (s *Service) UseSecrets(b *secrets.Box) {
	s.boxMu.Lock()
	defer s.boxMu.Unlock()
	s.box = b
}

// secrets returns the box, opening the default one the first time.
func (s *Service) secrets(ctx context.Context) (*secrets.Box, error) {
	s.boxMu.Lock()
	defer s.boxMu.Unlock()
	if s.box != nil {
		return s.box, nil
	}
	b, err := secrets.Open(ctx, s.db, secrets.FileKey{Dir: filepath.Join(filepath.Dir(s.db.Path()), "keys")})
	if err != nil {
		return nil, err
	}
	s.box = b
	return b, nil
}

// Secrets returns the box that seals and opens the stored secrets (sync hands its
// organization keys to a workstation that joins: backend/sync/keys.go).
func (s *Service) Secrets(ctx context.Context) (*secrets.Box, error) { return s.secrets(ctx) }
