// Package secrets seals the secrets Plantel must keep readable (TOTP secrets, the SMTP
// password) so that the database file alone — a stolen plantel.db, a copy, a backup, the sync
// outbox inside it — does not yield them (issue #12, item 8; docs/security.md).
//
// Two levels of keys:
//
//   - the workstation key (KEK, 32 random bytes) never enters the database: it lives in the
//     OS credential store (Windows Credential Manager, macOS Keychain, the Secret Service on
//     Linux, through github.com/zalando/go-keyring) or, where there is none (a Linux desktop
//     without a keyring, CI, a headless box), in a key file <data dir>/keys/secrets.key
//     (mode 0600, directory 0700) beside the database file but not in it;
//   - the organization's data-encryption keys (DEKs, AES-256) seal the values. They are stored
//     in the table secret_keys only wrapped by the workstation key, and never synced as rows:
//     sync hands a DEK to an enrolled workstation over its TLS link (Box.ExportKeys on one
//     side, Box.ImportKey on the other), and that workstation wraps it with its own key.
package secrets

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zalando/go-keyring"
)

// KeySize is the length of every key: AES-256.
const KeySize = 32

// KeyringService is the service name of the workstation key in the OS credential store.
const KeyringService = "Plantel"

// KeyFileName is the fallback key file inside the key directory.
const KeyFileName = "secrets.key"

// KeySource gives the workstation key and says where it is kept (for the log; never the key).
type KeySource interface {
	Key() (key []byte, where string, err error)
}

// FileKey keeps the workstation key in Dir/secrets.key (0600; Dir is created 0700). The file
// is made on first use.
type FileKey struct{ Dir string }

// Path is the key file.
func (f FileKey) Path() string { return filepath.Join(f.Dir, KeyFileName) }

// Key reads the key file, creating it with a new random key when it does not exist.
func (f FileKey) Key() ([]byte, string, error) {
	if k, err := f.read(); err == nil || !errors.Is(err, os.ErrNotExist) {
		return k, f.Path(), err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return nil, "", fmt.Errorf("secrets: key directory: %w", err)
	}
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, "", err
	}
	// O_EXCL: when two processes race to create it, the second reads the first one's key.
	fh, err := os.OpenFile(f.Path(), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		k, err = f.read()
		return k, f.Path(), err
	}
	if err != nil {
		return nil, "", fmt.Errorf("secrets: key file: %w", err)
	}
	_, werr := fh.WriteString(encodeKey(k) + "\n")
	if err := errors.Join(werr, fh.Sync(), fh.Close()); err != nil {
		_ = os.Remove(f.Path())
		return nil, "", fmt.Errorf("secrets: key file: %w", err)
	}
	return k, f.Path(), nil
}

func (f FileKey) read() ([]byte, error) {
	b, err := os.ReadFile(f.Path())
	if err != nil {
		return nil, err
	}
	k, err := decodeKey(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("secrets: key file %s: %w", f.Path(), err)
	}
	return k, nil
}

// SystemKey keeps the workstation key in the OS credential store under (KeyringService,
// Account) and falls back to Fallback when the store is not there or refuses. A workstation
// that once fell back keeps using its key file, so the key does not change under it when a
// credential store appears later.
type SystemKey struct {
	Account  string
	Fallback FileKey
}

// LocalKey is the workstation key of a data directory: the OS credential store, account
// "workstation-<id>", else <dataDir>/keys/secrets.key.
func LocalKey(dataDir, workstationID string) SystemKey {
	return SystemKey{Account: "workstation-" + workstationID, Fallback: FileKey{Dir: filepath.Join(dataDir, "keys")}}
}

// Key returns the key from the credential store (creating it there on first use) or from the
// fallback file.
func (s SystemKey) Key() ([]byte, string, error) {
	if _, err := os.Stat(s.Fallback.Path()); err == nil {
		return s.Fallback.Key()
	}
	v, err := keyring.Get(KeyringService, s.Account)
	switch {
	case err == nil:
		k, derr := decodeKey(v)
		if derr != nil {
			return nil, "", fmt.Errorf("secrets: credential store entry %s/%s: %w", KeyringService, s.Account, derr)
		}
		return k, "os-keyring", nil
	case errors.Is(err, keyring.ErrNotFound):
		k := make([]byte, KeySize)
		if _, err := rand.Read(k); err != nil {
			return nil, "", err
		}
		if keyring.Set(KeyringService, s.Account, encodeKey(k)) == nil {
			// Read it back: a store that accepts but does not keep would lose the key.
			if v, err := keyring.Get(KeyringService, s.Account); err == nil && v == encodeKey(k) {
				return k, "os-keyring", nil
			}
		}
	}
	// No credential store (no Secret Service on this Linux session, CI) or it refused.
	return s.Fallback.Key()
}

func encodeKey(k []byte) string { return base64.StdEncoding.EncodeToString(k) }

func decodeKey(s string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(k) != KeySize {
		return nil, errors.New("not a 256-bit key")
	}
	return k, nil
}

// fingerprint names a key without revealing it: the first 8 bytes of SHA-256("plantel-kek" || key).
func fingerprint(k []byte) string {
	h := sha256.Sum256(append([]byte("plantel-kek\x00"), k...))
	return hex.EncodeToString(h[:8])
}
