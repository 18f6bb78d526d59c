package syncwire

import (
	"encoding/json"
	"sort"
)

// ColType is a column's wire type.
type ColType string

// The wire types: JSON booleans, JSON numbers (integers), JSON strings, base64 strings.
const (
	Bool ColType = "bool"
	Int  ColType = "int"
	Text ColType = "text"
	Blob ColType = "blob"
)

// Column is one column of a synced table (the id is not a column on the wire: it is the
// change's id).
type Column struct {
	Name     string
	Type     ColType
	Nullable bool
	// Default is the value (in wire encoding) the schema gives a column absent from a
	// change that creates the row; "" when the column has none. created_at and updated_at
	// have none in SQL but take the time of the change's hlc (see Table.Defaults).
	Default string
	// Secret columns (password hashes, two-factor secrets, code hashes, avatar images) are
	// never logged or audited in clear.
	Secret bool
}

// Table is one synced table.
type Table struct {
	Name    string
	Columns []Column
	// Unique lists the columns that are unique, case-insensitively, among the table's rows
	// that are not deleted (users: username and email).
	Unique []string
	byName map[string]int
}

// Column returns the named column.
func (t *Table) Column(name string) (Column, bool) {
	i, ok := t.byName[name]
	if !ok {
		return Column{}, false
	}
	return t.Columns[i], true
}

// IsTimeStamp reports whether col takes the change's hlc time when a creating change omits it.
func IsTimeStamp(col string) bool { return col == "created_at" || col == "updated_at" }

// Defaults returns the values a change that creates a row gets for the columns it lacks:
// the schema's defaults, and the hlc's time for created_at/updated_at. Columns without a
// default (NOT NULL and no DEFAULT) are listed in missing; a nullable column without a
// default becomes null.
func (t *Table) Defaults(h HLC, have map[string]json.RawMessage) (fill map[string]json.RawMessage, missing []string) {
	fill = map[string]json.RawMessage{}
	for _, c := range t.Columns {
		if _, ok := have[c.Name]; ok {
			continue
		}
		switch {
		case IsTimeStamp(c.Name):
			b, _ := json.Marshal(TimeText(h.Time()))
			fill[c.Name] = b
		case c.Default != "":
			fill[c.Name] = json.RawMessage(c.Default)
		case c.Nullable:
			fill[c.Name] = json.RawMessage("null")
		default:
			missing = append(missing, c.Name)
		}
	}
	return fill, missing
}

var schema = func() map[string]*Table {
	m := map[string]*Table{}
	for i := range tablesDef {
		t := &tablesDef[i]
		t.byName = map[string]int{}
		for j, c := range t.Columns {
			t.byName[c.Name] = j
		}
		m[t.Name] = t
	}
	return m
}()

// LookupTable returns the synced table name.
func LookupTable(name string) (*Table, bool) {
	t, ok := schema[name]
	return t, ok
}

// Tables returns the synced tables, sorted by name.
func Tables() []*Table {
	out := make([]*Table, 0, len(schema))
	for _, t := range schema {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
