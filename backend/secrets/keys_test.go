package secrets_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/plantel/plantel/backend/secrets"
)

func TestFileKeyIsMadeOnceWithOwnerOnlyPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	f := secrets.FileKey{Dir: dir}
	k1, where, err := f.Key()
	if err != nil || len(k1) != secrets.KeySize || where != f.Path() {
		t.Fatalf("first key: %d bytes at %q, %v", len(k1), where, err)
	}
	fi, _ := os.Stat(f.Path())
	di, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Fatalf("permissions: file %v, dir %v", fi.Mode().Perm(), di.Mode().Perm())
	}
	k2, _, err := f.Key()
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("the key changed between uses: %v", err)
	}
	// A damaged key file is an error, not a silent new key (which would lock every secret).
	if err := os.WriteFile(f.Path(), []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Key(); err == nil {
		t.Fatal("a damaged key file was accepted")
	}
}

// On a machine without a Secret Service (CI, a headless box) the real credential store call
// fails and the key file is used, with no configuration.
func TestSystemKeyFallsBackToTheKeyFileWithoutACredentialStore(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	data := t.TempDir()
	s := secrets.LocalKey(data, "ws-test")
	k, where, err := s.Key()
	if err != nil || len(k) != secrets.KeySize {
		t.Fatalf("key: %v", err)
	}
	if where != filepath.Join(data, "keys", secrets.KeyFileName) {
		t.Fatalf("kept at %q, want the key file", where)
	}
	k2, _, _ := s.Key()
	if !bytes.Equal(k, k2) {
		t.Fatal("the fallback key changed")
	}
}

// With a credential store (go-keyring's in-memory one standing in for the OS's) the key goes
// there and no key file is written; a workstation that fell back once keeps its file.
func TestSystemKeyUsesTheCredentialStore(t *testing.T) {
	keyring.MockInit()
	data := t.TempDir()
	s := secrets.LocalKey(data, "ws-1")
	k, where, err := s.Key()
	if err != nil || where != "os-keyring" {
		t.Fatalf("key: %q %v", where, err)
	}
	if _, err := os.Stat(s.Fallback.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a key file was written although the credential store took the key: %v", err)
	}
	k2, where2, _ := s.Key()
	if !bytes.Equal(k, k2) || where2 != "os-keyring" {
		t.Fatal("the credential store's key changed")
	}
	// Another data directory (another workstation id) gets its own key.
	other, _, _ := secrets.LocalKey(t.TempDir(), "ws-2").Key()
	if bytes.Equal(k, other) {
		t.Fatal("two workstations share a key")
	}
	// The store refuses: the key file takes over, and stays in use once the store is back.
	keyring.MockInitWithError(errors.New("no secret service"))
	s3 := secrets.LocalKey(t.TempDir(), "ws-3")
	k3, where3, err := s3.Key()
	if err != nil || where3 != s3.Fallback.Path() {
		t.Fatalf("fallback: %q %v", where3, err)
	}
	keyring.MockInit()
	k4, where4, _ := s3.Key()
	if !bytes.Equal(k3, k4) || where4 != s3.Fallback.Path() {
		t.Fatal("the key moved to the credential store and changed")
	}
}
