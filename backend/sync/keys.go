package sync

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/syncwire"
)

// Delivering the organization keys to a workstation that joins (docs/security.md, "Sync:
// delivering the organization key"). The pinned wire format has no field for a key, so the
// keys travel the way every other secret column does: as a synced row of
// sync_key_envelopes, sealed. When the Owner makes an enrollment code in the app, the
// workstation seals its organization keys (secrets.Box.ExportKeys) with AES-256-GCM under a
// key derived from that code (HKDF-SHA-256, random salt) and pushes the envelope at once. The
// workstation that joins with the code derives the envelope's id and key from it, opens the
// envelope after its first download, wraps the keys with its own workstation key
// (Box.ImportKey) and empties the envelope. The code (80 random bits) is never stored in
// clear: until the envelope arrives the joining workstation keeps it sealed in local_meta.

// KeyBox is what key delivery needs of the organization's secrets box (*secrets.Box).
type KeyBox interface {
	ExportKeys() map[string][]byte
	ImportKey(ctx context.Context, id string, key []byte) error
	Seal(c secrets.Column, rowID, plain string) (string, error)
	Open(ctx context.Context, c secrets.Column, rowID, v string) (string, error)
}

const envelopeTable = "sync_key_envelopes"

// metaKeyCode is the local_meta key of the sealed enrollment code a joining workstation
// waits with for its key envelope.
const metaKeyCode = "sync_key_code"

// colKeyCode is the sealed place of that code (the seal is bound to it).
var colKeyCode = secrets.Column{Table: "local_meta", Name: metaKeyCode}

// EnvelopeID is the id of the key envelope of an enrollment code: a hash of the code as
// the server reads it (80 random bits, so the id does not give the code away).
func EnvelopeID(code string) string {
	sum := sha256.Sum256([]byte("plantel-key-envelope\x00" + syncwire.NormalizeCode(code)))
	return "kenv-" + hex.EncodeToString(sum[:16])
}

// envelopeAEAD derives the envelope's key from the code with HKDF-SHA-256 (salted). The
// code has 80 random bits (the server's newCode), far beyond guessing, so a slow password
// hash would add nothing but seconds.
func envelopeAEAD(code string, salt []byte) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, []byte(syncwire.NormalizeCode(code)), salt, "plantel-key-envelope", 32)
	if err != nil {
		return nil, err
	}
	blk, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(blk)
}

type envelopeBody struct {
	Keys map[string]string `json:"keys"` // key id → base64 key
}

func (c *Client) keyBox(ctx context.Context) (KeyBox, error) {
	if c.opt.Keys == nil {
		return nil, nil
	}
	return c.opt.Keys(ctx)
}

// publishKeys writes the envelope of this workstation's organization keys for code, as
// actor (the Owner who made the code), through the write path.
func (c *Client) publishKeys(ctx context.Context, actorID, code, expiresAt string) error {
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return err
	}
	keys := box.ExportKeys()
	if len(keys) == 0 {
		return nil
	}
	body := envelopeBody{Keys: map[string]string{}}
	for id, k := range keys {
		body.Keys[id] = base64.StdEncoding.EncodeToString(k)
	}
	plain, err := json.Marshal(body)
	if err != nil {
		return err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	a, err := envelopeAEAD(code, salt)
	if err != nil {
		return err
	}
	id := EnvelopeID(code)
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	sealed := base64.StdEncoding.EncodeToString(a.Seal(nonce, nonce, plain, []byte("plantel-key-envelope\x00"+id)))
	clear(plain)
	return c.db.Write(ctx, actorID, func(tx *store.Tx) error {
		return tx.Insert(envelopeTable, id, store.Fields{
			"salt": base64.StdEncoding.EncodeToString(salt), "sealed": sealed,
			"created_by": actorID, "expires_at": expiresAt,
		})
	})
}

// rememberCode keeps the enrollment code, sealed, until its key envelope arrives.
func (c *Client) rememberCode(ctx context.Context, code string) error {
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return err
	}
	sealed, err := box.Seal(colKeyCode, metaKeyCode, syncwire.NormalizeCode(code))
	if err != nil {
		return err
	}
	return c.db.SetLocalMeta(ctx, map[string]string{metaKeyCode: sealed})
}

// receiveKeys opens the key envelope of the code this workstation joined with, once a pull
// has brought it: the keys are wrapped with this workstation's key, the envelope is emptied
// (as the Owner who made it) and the code forgotten. It returns how many keys arrived.
func (c *Client) receiveKeys(ctx context.Context) (int, error) {
	sealedCode, err := c.db.LocalMeta(ctx, metaKeyCode)
	if err != nil || sealedCode == "" {
		return 0, err
	}
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return 0, err
	}
	forget := func() error { return c.db.SetLocalMeta(ctx, map[string]string{metaKeyCode: ""}) }
	code, err := box.Open(ctx, colKeyCode, metaKeyCode, sealedCode)
	if err != nil {
		c.log.Warn().Err(err).Msg("sync: the enrollment code kept for the key envelope cannot be opened")
		return 0, forget()
	}
	id := EnvelopeID(code)
	var salt64, sealed64, owner string
	err = c.db.Read().QueryRowContext(ctx, `SELECT salt, sealed, created_by FROM sync_key_envelopes WHERE id = ?`, id).Scan(&salt64, &sealed64, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // not here yet (or the code came from the server's CLI: no envelope)
	}
	if err != nil {
		return 0, err
	}
	if sealed64 == "" {
		return 0, forget() // already used
	}
	salt, err1 := base64.StdEncoding.DecodeString(salt64)
	raw, err2 := base64.StdEncoding.DecodeString(sealed64)
	a, err3 := envelopeAEAD(code, salt)
	if err := errors.Join(err1, err2, err3); err != nil || len(raw) < a.NonceSize() {
		c.log.Warn().Err(err).Msg("sync: key envelope unreadable")
		return 0, forget()
	}
	plain, err := a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], []byte("plantel-key-envelope\x00"+id))
	if err != nil {
		c.log.Warn().Msg("sync: key envelope does not open with the enrollment code")
		return 0, forget()
	}
	var body envelopeBody
	err = json.Unmarshal(plain, &body)
	clear(plain)
	if err != nil {
		return 0, forget()
	}
	n := 0
	for kid, k64 := range body.Keys {
		k, err := base64.StdEncoding.DecodeString(k64)
		if err != nil {
			continue
		}
		err = box.ImportKey(ctx, kid, k)
		clear(k)
		if err != nil {
			return n, err
		}
		n++
	}
	// The envelope has done its work: empty it everywhere (the Owner who made the code
	// started this hand-over; the change is theirs).
	if owner != "" {
		if err := c.db.Write(ctx, owner, func(tx *store.Tx) error {
			return tx.Update(envelopeTable, id, store.Fields{"sealed": ""})
		}); err != nil {
			return n, err
		}
	}
	c.keysArrived.Store(int64(n))
	c.log.Info().Int("keys", n).Msg("sync: organization keys received")
	return n, forget()
}

// KeyCodeTTL is how long a key code's envelope is meant to wait (as an enrollment code).
const KeyCodeTTL = 7 * 24 * time.Hour

// NewKeyCode makes a one-time key code for a workstation that joined with a code from the
// server's command line (which no workstation saw, so it carried no keys): the organization
// keys are sealed under it and sent at once, and the code is typed on that workstation
// (AwaitKeys). Shown once; never stored or logged.
func (c *Client) NewKeyCode(ctx context.Context, actorID string) (syncwire.EnrollCodeResponse, error) {
	if !c.db.SyncEnabled() {
		return syncwire.EnrollCodeResponse{}, fail(CodeNotConfigured, nil)
	}
	code, err := syncwire.NewCode()
	if err != nil {
		return syncwire.EnrollCodeResponse{}, err
	}
	exp := syncwire.TimeText(c.db.Now().Add(KeyCodeTTL))
	if err := c.publishKeys(ctx, actorID, code, exp); err != nil {
		return syncwire.EnrollCodeResponse{}, err
	}
	if err := c.SyncOnce(ctx); err != nil {
		c.log.Warn().Str("code", CodeOf(err)).Msg("sync: key envelope not sent yet; the next sync sends it")
	}
	return syncwire.EnrollCodeResponse{Code: code, ExpiresAt: exp}, nil
}

// KeyResult says what typing a key code did.
type KeyResult struct {
	// Received is true once the organization keys are here (the envelope arrived and opened).
	Received bool `json:"received"`
	// Waiting is true while the envelope has not arrived (the Owner's workstation has not
	// synced yet, or the code was mistyped): the next syncs look again.
	Waiting bool `json:"waiting"`
}

// AwaitKeys keeps a key code typed here (sealed) and syncs at once; the keys arrive with
// the envelope made under the code, now or at a later sync.
func (c *Client) AwaitKeys(ctx context.Context, code string) (KeyResult, error) {
	if strings.TrimSpace(code) == "" {
		return KeyResult{}, apperr.Validation("code", "required")
	}
	if !c.db.SyncEnabled() {
		return KeyResult{}, fail(CodeNotConfigured, nil)
	}
	if err := c.rememberCode(ctx, code); err != nil {
		return KeyResult{}, err
	}
	if err := c.SyncOnce(ctx); err != nil {
		return KeyResult{Waiting: true}, err
	}
	left, err := c.db.LocalMeta(ctx, metaKeyCode)
	if err != nil {
		return KeyResult{}, err
	}
	got := c.keysArrived.Swap(0) > 0
	return KeyResult{Received: got, Waiting: left != ""}, nil
}
