package syncwire

import (
	"encoding/json"
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// A small universe (3 devices, 4 instants, 3 fields, 3 values) so collisions, ties and
// tombstones happen often.
func genChange(t *rapid.T, label string) Change {
	dev := rapid.SampledFrom([]string{"d1", "d2", "d3"}).Draw(t, label+"dev")
	ms := rapid.IntRange(1, 4).Draw(t, label+"ms")
	cnt := rapid.IntRange(0, 1).Draw(t, label+"cnt")
	c := Change{Table: "users", ID: "r", HLC: HLC{Millis: int64(ms), Counter: cnt, Device: dev}.String(), DeviceID: dev, ActorID: "a"}
	c.Deleted = rapid.IntRange(0, 4).Draw(t, label+"del") == 0
	c.Fields = map[string]json.RawMessage{}
	for _, f := range []string{"username", "email", "active"} {
		if rapid.Bool().Draw(t, label+f) {
			c.Fields[f] = json.RawMessage(fmt.Sprintf("%q", rapid.SampledFrom([]string{"x", "y", "z"}).Draw(t, label+f+"v")))
		}
	}
	return c
}

func genState(t *rapid.T, label string) RowState {
	n := rapid.IntRange(0, 4).Draw(t, label+"n")
	s := RowState{}
	for i := 0; i < n; i++ {
		s = Apply(s, genChange(t, fmt.Sprintf("%s%d", label, i)))
	}
	return s
}

func TestMergeCommutative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genState(t, "a"), genState(t, "b")
		if !Equal(Merge(a, b), Merge(b, a)) {
			t.Fatalf("merge(a,b) != merge(b,a)\na=%+v\nb=%+v", a, b)
		}
	})
}

func TestMergeAssociative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := genState(t, "a"), genState(t, "b"), genState(t, "c")
		if !Equal(Merge(Merge(a, b), c), Merge(a, Merge(b, c))) {
			t.Fatalf("not associative\na=%+v\nb=%+v\nc=%+v", a, b, c)
		}
	})
}

func TestMergeIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genState(t, "a")
		c := genChange(t, "c")
		if !Equal(Merge(a, a), a) {
			t.Fatalf("merge(a,a) != a: %+v", a)
		}
		once := Apply(a, c)
		if !Equal(Apply(once, c), once) {
			t.Fatalf("applying a change twice differs from once")
		}
	})
}

// Any order of the same changes, each delivered one or more times, gives the same row.
func TestApplyAnyOrderAnyRepeats(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "n")
		var cs []Change
		for i := 0; i < n; i++ {
			cs = append(cs, genChange(t, fmt.Sprint(i)))
		}
		want := RowState{}
		for _, c := range cs {
			want = Apply(want, c)
		}
		perm := rapid.Permutation(cs).Draw(t, "perm")
		got := RowState{}
		for _, c := range perm {
			got = Apply(got, c)
			if rapid.Bool().Draw(t, "dup") {
				got = Apply(got, c)
			}
		}
		if !Equal(got, want) {
			t.Fatalf("order changed the result\nwant %+v\ngot  %+v", want, got)
		}
	})
}

func TestTombstoneRule(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := genState(t, "base")
		ms := rapid.IntRange(2, 3).Draw(t, "tms")
		del := Change{Table: "users", ID: "r", HLC: HLC{Millis: int64(ms), Device: "d9"}.String(), Deleted: true}
		older := genChange(t, "older")
		// Every change stamped before the tombstone loses to it...
		if older.HLC < del.HLC {
			s := Apply(Apply(base, older), del)
			if base.MaxFieldHLC() < del.HLC && !s.Deleted() {
				t.Fatalf("tombstone %s lost to older changes: %+v", del.HLC, s)
			}
		}
		// ...and a field change stamped after it recreates the row, keeping the last values of
		// the other fields.
		s := Apply(base, del)
		newer := Change{Table: "users", ID: "r", HLC: HLC{Millis: 9, Device: "d1"}.String(),
			Fields: map[string]json.RawMessage{"first_name": json.RawMessage(`"n"`)}}
		r := Apply(s, newer)
		if r.Deleted() {
			t.Fatalf("a change newer than the tombstone did not recreate the row")
		}
		for k, f := range s.Fields {
			if string(r.Fields[k].Value) != string(f.Value) {
				t.Fatalf("recreated row lost field %s", k)
			}
		}
	})
}

func TestTieIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		h := HLC{Millis: 5, Device: "d1"}.String()
		v1 := rapid.SampledFrom([]string{`"a"`, `"b"`, `"c"`}).Draw(t, "v1")
		v2 := rapid.SampledFrom([]string{`"a"`, `"b"`, `"c"`}).Draw(t, "v2")
		c1 := Change{HLC: h, Fields: map[string]json.RawMessage{"f": json.RawMessage(v1)}}
		c2 := Change{HLC: h, Fields: map[string]json.RawMessage{"f": json.RawMessage(v2)}}
		x := Apply(Apply(RowState{}, c1), c2)
		y := Apply(Apply(RowState{}, c2), c1)
		want := max(v1, v2)
		if string(x.Fields["f"].Value) != want || string(y.Fields["f"].Value) != want {
			t.Fatalf("tie %s vs %s: got %s / %s, want %s", v1, v2, x.Fields["f"].Value, y.Fields["f"].Value, want)
		}
		// A tombstone ties with a field change of the same stamp: deleted either way.
		d := Change{HLC: h, Deleted: true}
		if !Apply(x, d).Deleted() || !Apply(Apply(RowState{}, d), c1).Deleted() {
			t.Fatalf("tombstone lost a tie")
		}
	})
}
