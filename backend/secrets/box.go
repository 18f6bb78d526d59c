package secrets

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// CodeSecretsLocked: a sealed secret cannot be opened on this workstation — its key is not
// here (a copied database, a lost credential store entry or key file) or the value was
// altered. Set the SMTP password again; users set up two-step sign-in again.
const CodeSecretsLocked = "secrets_locked"

// prefix marks a sealed value: prefix + key id + ":" + base64url(nonce || ciphertext).
const prefix = "plantel-sealed:v1:"

// Column is a column whose values are sealed.
type Column struct{ Table, Name string }

// Columns are the sealed columns: the TOTP secrets and the SMTP password (and any other
// secret setting). Everything else secret is stored as a one-way hash already.
var Columns = []Column{{"user_totp", "secret"}, {"secret_settings", "value"}}

// Box seals and opens the secrets of one database with its organization keys.
type Box struct {
	db    *store.DB
	kek   cipher.AEAD
	kekID string
	where string

	mu      sync.RWMutex
	deks    map[string]cipher.AEAD
	current string
	// locked counts the stored keys this workstation's key cannot unwrap.
	locked int
}

// Open loads the workstation key from src and the organization keys it unwraps, creates the
// first organization key when there is none this workstation can use, and seals in place any
// value still stored in clear (a database from before sealing, or a row synced from an older
// version).
func Open(ctx context.Context, db *store.DB, src KeySource) (*Box, error) {
	k, where, err := src.Key()
	if err != nil {
		return nil, err
	}
	kek, err := newAEAD(k)
	if err != nil {
		return nil, err
	}
	b := &Box{db: db, kek: kek, kekID: fingerprint(k), where: where, deks: map[string]cipher.AEAD{}}
	if err := b.load(ctx, db.Read()); err != nil {
		return nil, err
	}
	if b.current == "" {
		if err := db.Write(ctx, store.SystemActor, func(tx *store.Tx) error { return b.ensureKey(tx) }); err != nil {
			return nil, err
		}
	}
	if _, err := b.SealClear(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// Where says where the workstation key is kept: "os-keyring" or the key file's path.
func (b *Box) Where() string { return b.where }

// Locked is how many stored organization keys this workstation's key cannot unwrap (values
// sealed with them answer secrets_locked).
func (b *Box) Locked() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.locked
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// load reads secret_keys and unwraps what this workstation's key can.
func (b *Box) load(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, `SELECT id, kek_id, wrapped FROM secret_keys ORDER BY created_at, id`)
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	deks := map[string]cipher.AEAD{}
	current, locked := "", 0
	for rows.Next() {
		var id, kekID, wrapped string
		if err := rows.Scan(&id, &kekID, &wrapped); err != nil {
			return apperr.Internal(err)
		}
		dek, err := b.unwrap(id, kekID, wrapped)
		if err != nil {
			locked++
			continue
		}
		deks[id], current = dek, id
	}
	if err := rows.Err(); err != nil {
		return apperr.Internal(err)
	}
	b.mu.Lock()
	b.deks, b.current, b.locked = deks, current, locked
	b.mu.Unlock()
	return nil
}

func (b *Box) unwrap(id, kekID, wrapped string) (cipher.AEAD, error) {
	if kekID != b.kekID {
		return nil, errors.New("wrapped by another workstation key")
	}
	raw, err := open(b.kek, wrapped, []byte("plantel-dek:"+id))
	if err != nil {
		return nil, err
	}
	return newAEAD(raw)
}

// ensureKey makes the first organization key usable here, inside tx (the one write
// connection, so two boxes on one file never both create one).
func (b *Box) ensureKey(tx *store.Tx) error {
	if err := b.loadTx(tx); err != nil {
		return err
	}
	b.mu.RLock()
	have := b.current != ""
	b.mu.RUnlock()
	if have {
		return nil
	}
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return apperr.Internal(err)
	}
	return b.insertKey(tx, store.NewID(), k)
}

func (b *Box) insertKey(tx *store.Tx, id string, k []byte) error {
	dek, err := newAEAD(k)
	if err != nil {
		return err
	}
	wrapped, err := seal(b.kek, k, []byte("plantel-dek:"+id))
	if err != nil {
		return err
	}
	if err := tx.Insert("secret_keys", id, store.Fields{"kek_id": b.kekID, "wrapped": wrapped}); err != nil {
		return err
	}
	b.mu.Lock()
	b.deks[id], b.current = dek, id
	b.mu.Unlock()
	return nil
}

// loadTx is load through the write transaction.
func (b *Box) loadTx(tx *store.Tx) error {
	rows, err := tx.Query(sq.Select("id", "kek_id", "wrapped").From("secret_keys").OrderBy("created_at", "id"))
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	for rows.Next() {
		var id, kekID, wrapped string
		if err := rows.Scan(&id, &kekID, &wrapped); err != nil {
			return apperr.Internal(err)
		}
		if _, ok := b.deks[id]; ok {
			continue
		}
		if dek, err := b.unwrap(id, kekID, wrapped); err == nil {
			b.deks[id], b.current = dek, id
		}
	}
	return rows.Err()
}

// aad binds a sealed value to its place: a value moved to another row or column does not open.
func aad(c Column, rowID string) []byte {
	return []byte("plantel-secret\x00" + c.Table + "\x00" + c.Name + "\x00" + rowID)
}

// Seal returns plain sealed for column c of row rowID. "" stays "" (nothing stored).
func (b *Box) Seal(c Column, rowID, plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	b.mu.RLock()
	id, dek := b.current, b.deks[b.current]
	b.mu.RUnlock()
	if dek == nil {
		return "", apperr.New(CodeSecretsLocked)
	}
	s, err := seal(dek, []byte(plain), aad(c, rowID))
	if err != nil {
		return "", err
	}
	return prefix + id + ":" + s, nil
}

// Sealed reports whether v is a sealed value.
func Sealed(v string) bool { return strings.HasPrefix(v, prefix) }

// Open returns the plain text of a value of column c of row rowID. A value in clear (from
// before sealing; SealClear seals it at the next start) is returned as it is. A value this
// workstation cannot open is secrets_locked.
func (b *Box) Open(ctx context.Context, c Column, rowID, v string) (string, error) {
	if v == "" || !Sealed(v) {
		return v, nil
	}
	id, _, ok := strings.Cut(strings.TrimPrefix(v, prefix), ":")
	if !ok {
		return "", apperr.New(CodeSecretsLocked)
	}
	b.mu.RLock()
	dek := b.deks[id]
	b.mu.RUnlock()
	if dek == nil {
		// Another Box on this file (or sync) may have added the key since: look again once.
		if err := b.load(ctx, b.db.Read()); err != nil {
			return "", err
		}
	}
	return b.openHeld(c, rowID, v)
}

// SealClear seals every value of Columns still stored in clear, through the write path (so
// sync carries the sealed form), rewrites the sync outbox entries that carried them in clear,
// and compacts the file so the clear bytes do not stay behind in free pages or the WAL.
// It returns how many values it sealed.
func (b *Box) SealClear(ctx context.Context) (int, error) {
	n := 0
	err := b.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		n = 0
		for _, c := range Columns {
			type row struct{ id, v string }
			var clear []row
			rows, err := tx.Query(sq.Select("id", c.Name).From(c.Table))
			if err != nil {
				return apperr.Internal(err)
			}
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.v); err != nil {
					rows.Close()
					return apperr.Internal(err)
				}
				if r.v != "" && !Sealed(r.v) {
					clear = append(clear, r)
				}
			}
			rerr := rows.Err()
			rows.Close()
			if rerr != nil {
				return apperr.Internal(rerr)
			}
			for _, r := range clear {
				s, err := b.Seal(c, r.id, r.v)
				if err != nil {
					return err
				}
				if err := tx.Update(c.Table, r.id, store.Fields{c.Name: s}); err != nil {
					return err
				}
				n++
			}
			rewritten, err := tx.RewriteOutboxField(c.Table, c.Name, func(rowID string, old any) (any, error) {
				v, ok := old.(string)
				if !ok || v == "" || Sealed(v) {
					return old, nil
				}
				return b.Seal(c, rowID, v)
			})
			if err != nil {
				return err
			}
			n += rewritten
		}
		return nil
	})
	if err != nil || n == 0 {
		return n, err
	}
	return n, b.db.Compact(ctx)
}

// ExportKeys returns the organization keys this workstation holds, by id, for sync to hand to
// an enrolled workstation over its TLS link. Never log, store or send them anywhere else.
func (b *Box) ExportKeys() map[string][]byte {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := map[string][]byte{}
	rows, err := b.db.Read().Query(`SELECT id, kek_id, wrapped FROM secret_keys`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var id, kekID, wrapped string
		if rows.Scan(&id, &kekID, &wrapped) != nil || kekID != b.kekID {
			continue
		}
		if raw, err := open(b.kek, wrapped, []byte("plantel-dek:"+id)); err == nil {
			out[id] = raw
		}
	}
	if rows.Err() != nil {
		// A partial read must not hand over a partial key set as if it were whole.
		return map[string][]byte{}
	}
	return out
}

// ImportKey stores an organization key received from sync, wrapped by this workstation's key,
// and makes it the one new values are sealed with. A key already held is left as it is.
func (b *Box) ImportKey(ctx context.Context, id string, key []byte) error {
	if len(key) != KeySize || id == "" {
		return apperr.Validation("key", "format")
	}
	return b.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(sq.Select("COUNT(*)").From("secret_keys").Where(sq.Eq{"id": id})).Scan(&n); err != nil {
			return apperr.Internal(err)
		}
		if n > 0 {
			var kekID string
			if err := tx.QueryRow(sq.Select("kek_id").From("secret_keys").Where(sq.Eq{"id": id})).Scan(&kekID); err != nil {
				return apperr.Internal(err)
			}
			if kekID == b.kekID {
				return nil
			}
			// Wrapped by a key this workstation no longer has: wrap it anew.
			if err := tx.Delete("secret_keys", id); err != nil {
				return err
			}
		}
		return b.insertKey(tx, id, key)
	})
}

func newAEAD(k []byte) (cipher.AEAD, error) {
	if len(k) != KeySize {
		return nil, fmt.Errorf("secrets: key of %d bytes", len(k))
	}
	blk, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(blk)
}

func seal(a cipher.AEAD, plain, ad []byte) (string, error) {
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", apperr.Internal(err)
	}
	return base64.RawURLEncoding.EncodeToString(a.Seal(nonce, nonce, plain, ad)), nil
}

func open(a cipher.AEAD, s string, ad []byte) ([]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) < a.NonceSize() {
		return nil, errors.New("malformed")
	}
	return a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], ad)
}

// NewKey makes a new organization key, stores it wrapped by this workstation's key and makes
// it the one new values are sealed with; the keys held before stay (values sealed with them
// still open). Sync renews the key this way when the Owner revokes a workstation, and hands
// the new key to the remaining workstations (backend/sync/keys.go). It returns the key's id.
func (b *Box) NewKey(ctx context.Context) (string, error) {
	id := store.NewID()
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return "", apperr.Internal(err)
	}
	defer clear(k)
	err := b.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error { return b.insertKey(tx, id, k) })
	if err != nil {
		return "", err
	}
	return id, nil
}

// CurrentKey is the id of the key new values are sealed with ("" when none is usable here).
func (b *Box) CurrentKey() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.current
}

// WrapLocal seals plain with this workstation's own key, bound to label: for workstation-local
// secrets (sync's device key) that a copy of the database alone must not give away.
func (b *Box) WrapLocal(label string, plain []byte) (string, error) {
	return seal(b.kek, plain, []byte("plantel-local\x00"+label))
}

// UnwrapLocal opens a value WrapLocal made with the same label on this workstation.
func (b *Box) UnwrapLocal(label, v string) ([]byte, error) {
	raw, err := open(b.kek, v, []byte("plantel-local\x00"+label))
	if err != nil {
		return nil, apperr.New(CodeSecretsLocked).WithParam("reason", "key")
	}
	return raw, nil
}
