package store

import (
	"context"
	"fmt"
)

// fkey is one foreign key between registered tables: child.col references parent(id).
type fkey struct {
	child, col, parent, onDelete string
	notNull                      bool
}

// loadForeignKeys reads the foreign keys of every registered table from SQLite.
func (db *DB) loadForeignKeys(ctx context.Context) error {
	db.children = map[string][]fkey{}
	db.parents = map[string][]fkey{}
	for _, child := range sortedKeys(tables) {
		rows, err := db.write.QueryContext(ctx, `SELECT "table", "from", on_delete FROM pragma_foreign_key_list(?)`, child)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k fkey
			if err := rows.Scan(&k.parent, &k.col, &k.onDelete); err != nil {
				rows.Close()
				return err
			}
			k.child = child
			k.notNull = db.notNull[child][k.col]
			if _, ok := tables[k.parent]; !ok {
				rows.Close()
				return fmt.Errorf("%s.%s references unregistered table %s", child, k.col, k.parent)
			}
			db.children[k.parent] = append(db.children[k.parent], k)
			db.parents[child] = append(db.parents[child], k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// removeDependents writes out, through the write path, what deleting row id of table
// would otherwise make SQLite do silently: rows referencing it are deleted (ON DELETE
// CASCADE, or a required reference) or have the reference cleared (SET NULL, or an optional
// reference without an action), each with its own clock, audit entry and outbox entry, so
// the consequence travels like any change. Workstation-local tables (sessions) are left to
// SQLite's own cascade.
func (tx *Tx) removeDependents(table, id string) error {
	for _, k := range tx.db.children[table] {
		if !tables[k.child].Synced {
			continue
		}
		rows, err := tx.tx.QueryContext(tx.ctx, fmt.Sprintf(`SELECT id FROM %s WHERE %s = ?`, k.child, k.col), id)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, cid := range ids {
			if tx.pendingDel[k.child+"\x00"+cid] {
				continue // killed by a pulled tombstone too: removed at the end of the page
			}
			del := k.onDelete == "CASCADE" || k.notNull
			var before derivedBefore
			if tx.applying {
				if before, err = tx.derivedBefore(k.child, cid, del, k.col); err != nil {
					return err
				}
			}
			if del {
				err = tx.Delete(k.child, cid)
			} else {
				err = tx.Update(k.child, cid, Fields{k.col: nil})
			}
			if err != nil {
				return err
			}
			if tx.applying {
				if err := tx.noteDerived(k.child, cid, del, table, id, before); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
