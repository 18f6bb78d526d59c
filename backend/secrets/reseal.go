package secrets

import (
	"context"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// DefaultResealBatch is how many values one re-seal transaction rewrites when the caller
// gives no batch: short transactions, so the window's writes never wait long.
const DefaultResealBatch = 200

// ResealResult says what one Reseal did.
type ResealResult struct {
	// Resealed counts the values now sealed under the newest key.
	Resealed int
	// Unopenable counts the values sealed under a key this workstation does not hold (or
	// altered): left as they are.
	Unopenable int
}

// NewestKey is the id of the newest organization key held here (ids are UUIDv7, so the
// greatest id is the latest made): the key Reseal moves every value to. "" when none.
func (b *Box) NewestKey() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	newest := ""
	for id := range b.deks {
		newest = max(newest, id)
	}
	return newest
}

// Reseal seals anew, under the newest key held here, every value of Columns sealed under an
// older key, as actor through the write path (so each value gets its field clock and outbox
// entry and syncs to the other workstations; the audit entry only says the secret was set,
// as for every secret column). It works in transactions of batch values (<= 0:
// DefaultResealBatch), each reading the values it rewrites, so a run interrupted between
// two (a crash, a closed window) loses nothing and the next run continues: a value already
// under the newest key is left alone. Values in clear are SealClear's, and values sealed
// under a key not held here stay as they are (counted in Unopenable).
func (b *Box) Reseal(ctx context.Context, actor string, batch int) (ResealResult, error) {
	var res ResealResult
	if batch <= 0 {
		batch = DefaultResealBatch
	}
	if err := b.load(ctx, b.db.Read()); err != nil {
		return res, err
	}
	target := b.NewestKey()
	if target == "" {
		return res, nil
	}
	b.mu.RLock()
	dek := b.deks[target]
	b.mu.RUnlock()
	if dek == nil {
		return res, nil
	}
	newest := prefix + target + ":"
	for _, c := range Columns {
		// Nothing to do (the usual case once done): no write transaction at all.
		var found int
		err := b.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+c.Table+` WHERE `+c.Name+` LIKE ? AND `+c.Name+` NOT LIKE ? LIMIT 1)`,
			prefix+"%", newest+"%").Scan(&found)
		if err != nil {
			return res, apperr.Internal(err)
		}
		if found == 0 {
			continue
		}
		after := ""
		for {
			n, skipped, last := 0, 0, ""
			err := b.db.Write(ctx, actor, func(tx *store.Tx) error {
				n, skipped, last = 0, 0, ""
				type row struct{ id, v string }
				var old []row
				rows, err := tx.Query(sq.Select("id", c.Name).From(c.Table).
					Where(sq.And{sq.Gt{"id": after}, sq.Like{c.Name: prefix + "%"}, sq.NotLike{c.Name: newest + "%"}}).
					OrderBy("id").Limit(uint64(batch)))
				if err != nil {
					return apperr.Internal(err)
				}
				for rows.Next() {
					var r row
					if err := rows.Scan(&r.id, &r.v); err != nil {
						rows.Close()
						return apperr.Internal(err)
					}
					old = append(old, r)
				}
				rerr := rows.Err()
				rows.Close()
				if rerr != nil {
					return apperr.Internal(rerr)
				}
				for _, r := range old {
					last = r.id
					plain, err := b.openHeld(c, r.id, r.v)
					if err != nil {
						skipped++
						continue
					}
					s, err := seal(dek, []byte(plain), aad(c, r.id))
					if err != nil {
						return err
					}
					if err := tx.Update(c.Table, r.id, store.Fields{c.Name: newest + s}); err != nil {
						return err
					}
					n++
				}
				if len(old) < batch {
					last = "" // this column is done
				}
				return nil
			})
			if err != nil {
				return res, err
			}
			res.Resealed += n
			res.Unopenable += skipped
			if last == "" {
				break
			}
			after = last
		}
	}
	return res, nil
}

// openHeld opens v with the keys already loaded (Reseal loaded them; a value whose key is
// not among them stays as it is).
func (b *Box) openHeld(c Column, rowID, v string) (string, error) {
	id, body, ok := strings.Cut(strings.TrimPrefix(v, prefix), ":")
	b.mu.RLock()
	dek := b.deks[id]
	b.mu.RUnlock()
	if !ok || dek == nil {
		return "", apperr.New(CodeSecretsLocked).WithParam("reason", "key")
	}
	plain, err := open(dek, body, aad(c, rowID))
	if err != nil {
		return "", apperr.New(CodeSecretsLocked).WithParam("reason", "altered")
	}
	return string(plain), nil
}

// KeyOf is the id of the key a sealed value names ("" for a value in clear or malformed).
func KeyOf(v string) string {
	if !Sealed(v) {
		return ""
	}
	id, _, ok := strings.Cut(strings.TrimPrefix(v, prefix), ":")
	if !ok {
		return ""
	}
	return id
}
