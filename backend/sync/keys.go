package sync

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
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
	// NewKey makes a new organization key, the one new values are sealed with from now on
	// (the keys held before stay); it returns its id.
	NewKey(ctx context.Context) (string, error)
	// WrapLocal and UnwrapLocal seal a workstation-local secret with this workstation's own
	// key (the device key below).
	WrapLocal(label string, plain []byte) (string, error)
	UnwrapLocal(label, v string) ([]byte, error)
	// Reseal seals anew, under the newest key held, every value sealed under an older one,
	// as actor, batch values a transaction (secrets.Box.Reseal).
	Reseal(ctx context.Context, actor string, batch int) (secrets.ResealResult, error)
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
// (by the system of this workstation: no user did it; the server then scrubs its sealed
// content from its log) and the code forgotten. It returns how many keys arrived.
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
	var salt64, sealed64 string
	err = c.db.Read().QueryRowContext(ctx, `SELECT salt, sealed FROM sync_key_envelopes WHERE id = ?`, id).Scan(&salt64, &sealed64)
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
	n, err := importKeys(ctx, box, body)
	if err != nil {
		return n, err
	}
	if err := c.emptyEnvelope(ctx, id); err != nil {
		return n, err
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

// importKeys stores the keys of an opened envelope, oldest id first (ids are UUIDv7), so the
// newest becomes the one new values are sealed with. It returns how many it stored.
func importKeys(ctx context.Context, box KeyBox, body envelopeBody) (int, error) {
	ids := make([]string, 0, len(body.Keys))
	for kid := range body.Keys {
		ids = append(ids, kid)
	}
	sort.Strings(ids)
	n := 0
	for _, kid := range ids {
		k, err := base64.StdEncoding.DecodeString(body.Keys[kid])
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
	return n, nil
}

// emptyEnvelope empties an opened envelope everywhere, as the system of this workstation: the
// History of every workstation shows the system and this device, not a user; the server
// rewrites the envelope's log entries without their sealed content (backend/server/envelopes.go).
func (c *Client) emptyEnvelope(ctx context.Context, id string) error {
	return c.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		return tx.Update(envelopeTable, id, store.Fields{"sealed": "", "salt": "", "epk": ""})
	})
}

// Renewing the organization key when the Owner revokes a workstation. Every workstation has
// its own X25519 key pair (the device key): the private half in local_meta, wrapped by the
// workstation key (a copy of the database alone does not give it away); the public half
// published as the synced row sync_device_keys/<device id>. When the Owner revokes a
// workstation, the Owner's workstation makes a new organization key (sealed values from now
// on use it; the old keys stay, so what they sealed still opens) and seals every key it holds
// to each remaining workstation's device key: one envelope per workstation, addressed by
// device_id, opened with ECDH (an ephemeral key, epk) + HKDF-SHA-256 + AES-256-GCM. The
// revoked workstation gets 401 from the server, and no envelope is addressed to it.

const (
	deviceKeyTable = "sync_device_keys"
	// metaDeviceKey is the local_meta key of the wrapped private device key.
	metaDeviceKey = "sync_device_key"
)

// deviceKey returns this workstation's device key, making (and keeping, wrapped) one when
// there is none.
func (c *Client) deviceKey(ctx context.Context, box KeyBox) (*ecdh.PrivateKey, error) {
	v, err := c.db.LocalMeta(ctx, metaDeviceKey)
	if err != nil {
		return nil, err
	}
	if v != "" {
		raw, err := box.UnwrapLocal(metaDeviceKey, v)
		if err == nil {
			k, err := ecdh.X25519().NewPrivateKey(raw)
			clear(raw)
			if err == nil {
				return k, nil
			}
		}
		c.log.Warn().Msg("sync: the device key cannot be opened here; a new one is made")
	}
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	raw := k.Bytes()
	w, err := box.WrapLocal(metaDeviceKey, raw)
	clear(raw)
	if err != nil {
		return nil, err
	}
	return k, c.db.SetLocalMeta(ctx, map[string]string{metaDeviceKey: w})
}

// publishDeviceKey makes sure the public half of this workstation's device key is in
// sync_device_keys under its device id (written by the system: no user made it).
func (c *Client) publishDeviceKey(ctx context.Context) error {
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return err
	}
	dev := c.db.DeviceID()
	if dev == "" {
		return nil
	}
	k, err := c.deviceKey(ctx, box)
	if err != nil {
		return err
	}
	pub := base64.StdEncoding.EncodeToString(k.PublicKey().Bytes())
	var have string
	err = c.db.Read().QueryRowContext(ctx, `SELECT public_key FROM sync_device_keys WHERE id = ?`, dev).Scan(&have)
	switch {
	case err == nil && have == pub:
		return nil
	case err == nil:
		return c.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
			return tx.Update(deviceKeyTable, dev, store.Fields{"public_key": pub})
		})
	case errors.Is(err, sql.ErrNoRows):
		return c.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
			return tx.Insert(deviceKeyTable, dev, store.Fields{"public_key": pub})
		})
	}
	return err
}

// deviceEnvelopeID is the id of the envelope of key keyID for device dev.
func deviceEnvelopeID(dev, keyID string) string {
	sum := sha256.Sum256([]byte("plantel-device-envelope\x00" + dev + "\x00" + keyID))
	return "kdev-" + hex.EncodeToString(sum[:16])
}

// deviceAEAD derives the key of a device envelope from the ECDH secret.
func deviceAEAD(shared, salt, epk, pub []byte) (cipher.AEAD, error) {
	info := "plantel-device-envelope\x00" + string(epk) + string(pub)
	k, err := hkdf.Key(sha256.New, shared, salt, info, 32)
	if err != nil {
		return nil, err
	}
	blk, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(blk)
}

// sealForDevice seals body to the device key pub of device dev (envelope id).
func sealForDevice(id string, pub *ecdh.PublicKey, plain []byte) (salt, epk, sealed string, err error) {
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return "", "", "", err
	}
	shared, err := eph.ECDH(pub)
	if err != nil {
		return "", "", "", err
	}
	defer clear(shared)
	s := make([]byte, 16)
	if _, err := rand.Read(s); err != nil {
		return "", "", "", err
	}
	e := eph.PublicKey().Bytes()
	a, err := deviceAEAD(shared, s, e, pub.Bytes())
	if err != nil {
		return "", "", "", err
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", "", "", err
	}
	enc := base64.StdEncoding.EncodeToString
	return enc(s), enc(e), enc(a.Seal(nonce, nonce, plain, []byte("plantel-key-envelope\x00"+id))), nil
}

// openForDevice opens an envelope sealed to this workstation's device key k.
func openForDevice(id string, k *ecdh.PrivateKey, salt64, epk64, sealed64 string) ([]byte, error) {
	s, err1 := base64.StdEncoding.DecodeString(salt64)
	e, err2 := base64.StdEncoding.DecodeString(epk64)
	raw, err3 := base64.StdEncoding.DecodeString(sealed64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	epk, err := ecdh.X25519().NewPublicKey(e)
	if err != nil {
		return nil, err
	}
	shared, err := k.ECDH(epk)
	if err != nil {
		return nil, err
	}
	defer clear(shared)
	a, err := deviceAEAD(shared, s, e, k.PublicKey().Bytes())
	if err != nil {
		return nil, err
	}
	if len(raw) < a.NonceSize() {
		return nil, errors.New("sync: device envelope too short")
	}
	return a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], []byte("plantel-key-envelope\x00"+id))
}

// RotationResult says what renewing the organization key after a revocation did.
type RotationResult struct {
	// KeyID is the new key's id ("" when no key was renewed: this workstation holds none).
	KeyID string `json:"keyId"`
	// Sealed counts the remaining workstations the new key was sealed to.
	Sealed int `json:"sealed"`
	// Waiting lists the remaining workstations that have not published a device key yet (an
	// older version, or not synced since they joined): this workstation seals the key to
	// each when its device key arrives (reseal.go); a key code (NewKeyCode) also gives it.
	Waiting []string `json:"waiting"`
}

// rotateKeys makes a new organization key and seals every key held here to each workstation
// in remaining (device ids) but this one, as actor (the Owner who revoked workstation
// revoked). Envelopes of earlier renewals still waiting for the revoked workstation are
// emptied (the server then scrubs them). A renewal envelope has no expiry: it opens only with
// its workstation's device key, and a workstation away for weeks still needs it.
func (c *Client) rotateKeys(ctx context.Context, actorID, revoked string, remaining []string) (RotationResult, error) {
	res := RotationResult{Waiting: []string{}}
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return res, err
	}
	if len(box.ExportKeys()) == 0 {
		return res, nil // this workstation holds no key to renew (nothing sealed here opens)
	}
	// This workstation re-seals what older keys sealed (resealOld), as the Owner who revoked,
	// from now on at every sync: remembered before the key is made, so a crash between the
	// two still re-seals.
	if err := c.db.SetLocalMeta(ctx, map[string]string{metaRenewalActor: actorID}); err != nil {
		return res, err
	}
	kid, err := box.NewKey(ctx)
	if err != nil {
		return res, err
	}
	res.KeyID = kid
	plain, err := keysBody(box)
	if err != nil {
		return res, err
	}
	defer clear(plain)
	self := c.db.DeviceID()
	var others []string
	for _, dev := range remaining {
		if dev != self {
			others = append(others, dev)
		}
	}
	envs, waiting, err := c.sealToDevices(ctx, plain, kid, others)
	if err != nil {
		return res, err
	}
	res.Waiting = append(res.Waiting, waiting...)
	var stale []string
	rows, err := c.db.Read().QueryContext(ctx, `SELECT id FROM sync_key_envelopes WHERE device_id = ? AND sealed <> ''`, revoked)
	if err != nil {
		return res, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return res, err
		}
		stale = append(stale, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	// The workstations without a device key get the key sealed to it when it arrives
	// (sealToWaiting, at the next syncs): no key code needed.
	if err := c.db.SetLocalMeta(ctx, map[string]string{metaKeyWaiting: strings.Join(res.Waiting, ",")}); err != nil {
		return res, err
	}
	err = c.db.Write(ctx, actorID, func(tx *store.Tx) error {
		if err := insertDeviceEnvelopes(tx, actorID, envs); err != nil {
			return err
		}
		for _, id := range stale {
			if err := tx.Update(envelopeTable, id, store.Fields{"sealed": "", "salt": "", "epk": ""}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	res.Sealed = len(envs)
	c.log.Info().Int("sealed", res.Sealed).Int("waiting", len(res.Waiting)).Msg("sync: organization key renewed after a revocation")
	return res, nil
}

// receiveDeviceKeys opens the envelopes a pull brought for this workstation's device key
// (a key renewed after a revocation), stores their keys and empties them. It returns how
// many envelopes it opened.
func (c *Client) receiveDeviceKeys(ctx context.Context) (int, error) {
	dev := c.db.DeviceID()
	if dev == "" {
		return 0, nil
	}
	rows, err := c.db.Read().QueryContext(ctx, `SELECT id, salt, epk, sealed FROM sync_key_envelopes WHERE device_id = ? AND sealed <> '' ORDER BY id`, dev)
	if err != nil {
		return 0, err
	}
	type env struct{ id, salt, epk, sealed string }
	var envs []env
	for rows.Next() {
		var e env
		if err := rows.Scan(&e.id, &e.salt, &e.epk, &e.sealed); err != nil {
			rows.Close()
			return 0, err
		}
		envs = append(envs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(envs) == 0 {
		return 0, err
	}
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return 0, err
	}
	k, err := c.deviceKey(ctx, box)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range envs {
		plain, err := openForDevice(e.id, k, e.salt, e.epk, e.sealed)
		if err != nil {
			// Sealed to a device key this workstation no longer has: the Owner makes a key code.
			c.log.Warn().Str("envelope", e.id).Msg("sync: a key envelope for this workstation does not open with its device key")
			continue
		}
		var body envelopeBody
		err = json.Unmarshal(plain, &body)
		clear(plain)
		if err != nil {
			continue
		}
		got, err := importKeys(ctx, box, body)
		if err != nil {
			return n, err
		}
		if err := c.emptyEnvelope(ctx, e.id); err != nil {
			return n, err
		}
		c.keysArrived.Add(int64(got))
		n++
	}
	if n > 0 {
		c.log.Info().Int("envelopes", n).Msg("sync: renewed organization keys received")
	}
	return n, nil
}
