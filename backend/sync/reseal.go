package sync

import (
	"context"
	"crypto/ecdh"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/store"
)

// After a renewal (rotateKeys) the workstation that renewed finishes the work at every sync
// (docs/security.md, "After the renewal"):
//
//   - resealOld seals anew, under the newest key, every secret still sealed under an older
//     one — those written before the revocation, and those another workstation sealed with
//     the old key before it received the new one and that arrive later — as the Owner who
//     revoked, through the write path, in short transactions; a re-run continues;
//   - sealToWaiting seals the keys to each remaining workstation that had no device key at
//     the renewal as soon as its device key arrives (it publishes it at its next sync), so
//     it needs no key code.
const (
	// metaRenewalActor is the Owner who last renewed the key here: set, this workstation
	// re-seals at every sync.
	metaRenewalActor = "sync_renewal_actor"
	// metaKeyWaiting lists (comma-separated) the device ids the renewed key waits to be
	// sealed to.
	metaKeyWaiting = "sync_key_waiting"
)

// deviceEnv is a renewal envelope sealed to one workstation's device key.
type deviceEnv struct{ id, dev, salt, epk, sealed string }

// keysBody is the JSON of every key box holds (the content of an envelope); the caller
// clears it.
func keysBody(box KeyBox) ([]byte, error) {
	body := envelopeBody{Keys: map[string]string{}}
	for id, k := range box.ExportKeys() {
		body.Keys[id] = base64.StdEncoding.EncodeToString(k)
		clear(k)
	}
	return json.Marshal(body)
}

// newestOf is the newest key id of an envelope's content (ids are UUIDv7).
func newestOf(box KeyBox) string {
	newest := ""
	for id, k := range box.ExportKeys() {
		newest = max(newest, id)
		clear(k)
	}
	return newest
}

// sealToDevices seals plain (keysBody) to each device of devs that published a device key;
// the others are returned as waiting.
func (c *Client) sealToDevices(ctx context.Context, plain []byte, kid string, devs []string) ([]deviceEnv, []string, error) {
	var envs []deviceEnv
	waiting := []string{}
	for _, dev := range devs {
		var pub64 string
		err := c.db.Read().QueryRowContext(ctx, `SELECT public_key FROM sync_device_keys WHERE id = ?`, dev).Scan(&pub64)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && pub64 == "") {
			waiting = append(waiting, dev)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		raw, err := base64.StdEncoding.DecodeString(pub64)
		if err != nil {
			waiting = append(waiting, dev)
			continue
		}
		pub, err := ecdh.X25519().NewPublicKey(raw)
		if err != nil {
			waiting = append(waiting, dev)
			continue
		}
		id := deviceEnvelopeID(dev, kid)
		salt, epk, sealed, err := sealForDevice(id, pub, plain)
		if err != nil {
			return nil, nil, err
		}
		envs = append(envs, deviceEnv{id, dev, salt, epk, sealed})
	}
	return envs, waiting, nil
}

// insertDeviceEnvelopes writes envs as actor; an envelope already there (a re-run after a
// crash) is left as it is.
func insertDeviceEnvelopes(tx *store.Tx, actorID string, envs []deviceEnv) error {
	for _, e := range envs {
		var n int
		if err := tx.QueryRow(sq.Select("COUNT(*)").From(envelopeTable).Where(sq.Eq{"id": e.id})).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if err := tx.Insert(envelopeTable, e.id, store.Fields{
			"salt": e.salt, "epk": e.epk, "sealed": e.sealed, "device_id": e.dev, "created_by": actorID,
		}); err != nil {
			return err
		}
	}
	return nil
}

// KeyWaiting lists the workstations the key renewed here still waits to be sealed to: they
// had published no device key at the renewal, and have not since (Settings → Sync devices
// says so; a key code still gives them the keys).
func (c *Client) KeyWaiting(ctx context.Context) ([]string, error) {
	v, err := c.db.LocalMeta(ctx, metaKeyWaiting)
	if err != nil || v == "" {
		return []string{}, err
	}
	return strings.Split(v, ","), nil
}

// sealToWaiting seals the keys to the waiting workstations whose device key arrived, as the
// Owner who renewed; those the server no longer lists as enrolled (revoked from another
// workstation) are dropped. It returns how many envelopes it wrote.
func (c *Client) sealToWaiting(ctx context.Context) (int, error) {
	waiting, err := c.KeyWaiting(ctx)
	if err != nil || len(waiting) == 0 {
		return 0, err
	}
	ready := 0
	for _, dev := range waiting {
		var pub string
		err := c.db.Read().QueryRowContext(ctx, `SELECT public_key FROM sync_device_keys WHERE id = ?`, dev).Scan(&pub)
		if err == nil && pub != "" {
			ready++
		}
	}
	if ready == 0 {
		return 0, nil // nothing arrived: no need to ask the server
	}
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return 0, err
	}
	actor, err := c.db.LocalMeta(ctx, metaRenewalActor)
	if err != nil || actor == "" {
		return 0, err
	}
	devs, err := c.Devices(ctx, actor)
	if err != nil {
		return 0, err
	}
	enrolled := map[string]bool{}
	for _, d := range devs {
		if !d.Revoked {
			enrolled[d.ID] = true
		}
	}
	var still []string
	for _, dev := range waiting {
		if enrolled[dev] {
			still = append(still, dev)
		}
	}
	plain, err := keysBody(box)
	if err != nil {
		return 0, err
	}
	defer clear(plain)
	envs, left, err := c.sealToDevices(ctx, plain, newestOf(box), still)
	if err != nil {
		return 0, err
	}
	if len(envs) > 0 {
		if err := c.db.Write(ctx, actor, func(tx *store.Tx) error { return insertDeviceEnvelopes(tx, actor, envs) }); err != nil {
			return 0, err
		}
		c.log.Info().Int("sealed", len(envs)).Int("waiting", len(left)).Msg("sync: renewed organization key sealed to workstations whose device key arrived")
	}
	return len(envs), c.db.SetLocalMeta(ctx, map[string]string{metaKeyWaiting: strings.Join(left, ",")})
}

// resealOld re-seals, on the workstation that renewed the key, every secret still sealed
// under an older key. It returns how many values it re-sealed.
func (c *Client) resealOld(ctx context.Context) (int, error) {
	actor, err := c.db.LocalMeta(ctx, metaRenewalActor)
	if err != nil || actor == "" {
		return 0, err
	}
	box, err := c.keyBox(ctx)
	if err != nil || box == nil {
		return 0, err
	}
	r, err := box.Reseal(ctx, actor, c.opt.ResealBatch)
	if r.Resealed > 0 || r.Unopenable > 0 {
		c.log.Info().Int("resealed", r.Resealed).Int("unopenable", r.Unopenable).Msg("sync: secrets re-sealed under the renewed organization key")
	}
	return r.Resealed, err
}
