package auth

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// codes returns the failure codes of a report, in order.
func codes(r Report) []string {
	out := []string{}
	for _, f := range r.Failures {
		out = append(out, f.Code)
	}
	return out
}

func TestDefaultPasswordPolicy(t *testing.T) {
	want := PasswordPolicy{MinLength: 15, MaxLength: 64, BlockCommon: true, HistoryCount: 5}
	got := DefaultPasswordPolicy()
	if got != want {
		t.Fatalf("DefaultPasswordPolicy() = %+v, want %+v", got, want)
	}
	if got.Clamped() != got {
		t.Fatalf("defaults change when clamped: %+v", got.Clamped())
	}
}

func TestCheckLength(t *testing.T) {
	def := DefaultPasswordPolicy()
	raised := def
	raised.MaxLength = 100
	twoFactor := def
	twoFactor.TwoFactorRequired, twoFactor.MinLength = true, 8
	cases := []struct {
		name     string
		policy   PasswordPolicy
		password string
		length   int
		want     []string
		params   map[string]any
	}{
		{"empty", def, "", 0, []string{CodeTooShort}, map[string]any{"min": 15}},
		{"14 is too short", def, strings.Repeat("k", 13) + "x", 14, []string{CodeTooShort}, map[string]any{"min": 15}},
		{"15 is enough", def, "blue kettle sky", 15, []string{}, nil},
		{"64 is accepted", def, strings.Repeat("abcdefgh", 8), 64, []string{}, nil},
		{"65 is too long", def, strings.Repeat("abcdefgh", 8) + "z", 65, []string{CodeTooLong}, map[string]any{"max": 64}},
		{"raised max accepts 100", raised, strings.Repeat("abcdefghij", 10), 100, []string{}, nil},
		{"raised max refuses 101", raised, strings.Repeat("abcdefghij", 10) + "k", 101, []string{CodeTooLong}, map[string]any{"max": 100}},
		{"two-factor allows 8", twoFactor, "gx7#pq2w", 8, []string{}, nil},
		{"two-factor refuses 7", twoFactor, "gx7#pq2", 7, []string{CodeTooShort}, map[string]any{"min": 8}},
		{"min below 15 without two-factor is clamped", PasswordPolicy{MinLength: 8, MaxLength: 64}, "gx7#pq2wzz", 10, []string{CodeTooShort}, map[string]any{"min": 15}},
		{"15 emoji are 15", def, strings.Repeat("🐈", 15), 15, []string{}, nil},
		{"14 emoji are 14", def, strings.Repeat("🐈", 14), 14, []string{CodeTooShort}, map[string]any{"min": 15}},
		{"combining accents normalise to one", def, strings.Repeat("e\u0301", 14), 14, []string{CodeTooShort}, map[string]any{"min": 15}},
		{"15 combined letters", def, strings.Repeat("e\u0301", 15), 15, []string{}, nil},
		{"Polish letters count once", def, "zażółć gęślą ja", 15, []string{}, nil},
		{"Spanish letters count once", def, "añoñañoñañoñaño", 15, []string{}, nil},
		{"Polish 14", def, "zażółć gęślą j", 14, []string{CodeTooShort}, map[string]any{"min": 15}},
		{"ligature expands under NFKC", def, "\ufb01" + strings.Repeat("x", 13), 15, []string{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.policy.Check(c.password, Personal{})
			if r.Length != c.length {
				t.Errorf("Length = %d, want %d", r.Length, c.length)
			}
			if got := codes(r); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("codes = %v, want %v", got, c.want)
			}
			if r.OK != (len(c.want) == 0) {
				t.Errorf("OK = %v with failures %v", r.OK, r.Failures)
			}
			if c.params != nil && !reflect.DeepEqual(r.Failures[0].Params, c.params) {
				t.Errorf("params = %v, want %v", r.Failures[0].Params, c.params)
			}
			cl := c.policy.Clamped()
			if r.Min != cl.MinLength || r.Max != cl.MaxLength {
				t.Errorf("Min/Max = %d/%d, want %d/%d", r.Min, r.Max, cl.MinLength, cl.MaxLength)
			}
		})
	}
}

func TestCheckCommon(t *testing.T) {
	on := DefaultPasswordPolicy()
	off := on
	off.BlockCommon = false
	twoFactor := on
	twoFactor.TwoFactorRequired, twoFactor.MinLength = true, 8
	cases := []struct {
		name     string
		policy   PasswordPolicy
		password string
		want     []string
	}{
		{"listed, 16 chars", on, "passwordpassword", []string{CodeCommon}},
		{"listed, 15 chars", on, "qwertyuiop12345", []string{CodeCommon}},
		{"listed, any case", on, "QwErTyUiOp12345", []string{CodeCommon}},
		{"listed, full-width form normalises", on, "ｑｗｅｒｔｙｕｉｏｐ１２３４５", []string{CodeCommon}},
		{"listed but check off", off, "1qaz2wsx3edc4rfv", []string{}},
		{"listed and short", on, "iloveyou", []string{CodeTooShort, CodeCommon}},
		{"listed, 8 with two-factor", twoFactor, "sunshine", []string{CodeCommon}},
		{"not listed", on, "orbit saffron kettle", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := codes(c.policy.Check(c.password, Personal{})); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("codes = %v, want %v", got, c.want)
			}
		})
	}
}

func TestCheckPersonal(t *testing.T) {
	p := DefaultPasswordPolicy()
	who := Personal{Username: "jgarcia", Email: "Jose.Garcia@Office.Example", FirstName: "José", LastName: "García López"}
	polish := Personal{Username: "lk", Email: "lk@x.pl", FirstName: "Łukasz", LastName: "Żółkiewski"}
	bulk := Personal{Username: "agent017", Email: "desk4@office.local"}
	short := Personal{Username: "al", Email: "al@b.c", FirstName: "Al", LastName: "Li"}
	cases := []struct {
		name     string
		who      Personal
		password string
		want     []string // the "what" of each contains_personal failure
	}{
		// "jgarcia" also contains the last name's word "garcia".
		{"username inside", who, "my-jgarcia-secret-key", []string{PersonalUsername, PersonalName}},
		{"username upper case", who, "MY-JGARCIA-SECRET-KEY", []string{PersonalUsername, PersonalName}},
		{"username alone", bulk, "hello AGENT017 night shift", []string{PersonalUsername}},
		{"username equals password", bulk, "agent017", []string{PersonalUsername}},
		{"first name without accent", who, "jose drinks coffee daily", []string{PersonalName}},
		{"first name upper with accent", who, "JOSÉ DRINKS COFFEE DAILY", []string{PersonalName}},
		{"first name decomposed accent", who, "Jose\u0301 drinks coffee daily", []string{PersonalName}},
		{"one word of the last name", who, "lopez drinks coffee daily", []string{PersonalName}},
		{"last name without space", who, "garcialopez drinks coffee", []string{PersonalName}},
		{"e-mail local part", who, "jose.garcia drinks coffee", []string{PersonalName, PersonalEmail}},
		{"whole e-mail", who, "login: jose.garcia@office.example", []string{PersonalName, PersonalEmail}},
		{"Polish name folded", polish, "lukasz rides a blue tram", []string{PersonalName}},
		{"Polish name as typed", polish, "ŁUKASZ rides a blue tram", []string{PersonalName}},
		{"Polish last name stripped", polish, "zolkiewski rides a tram", []string{PersonalName}},
		{"short values ignored", short, "al li al li al li b.c xx", []string{}},
		{"short username, e-mail whole", short, "write to al@b.c please", []string{PersonalEmail}},
		{"nothing personal", who, "orbit saffron kettle", []string{}},
		{"empty personal data", Personal{}, "orbit saffron kettle", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := p.Check(c.password, c.who)
			got := []string{}
			for _, f := range r.Failures {
				if f.Code == CodeContainsPersonal {
					got = append(got, f.Params["what"].(string))
				} else if f.Code != CodeTooShort {
					t.Errorf("unexpected failure %v", f)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("contains_personal for %v, want %v", got, c.want)
			}
		})
	}
}

func TestCheckComposition(t *testing.T) {
	const base = "plain lower words here" // letters and spaces only
	cases := []struct {
		name     string
		set      func(*PasswordPolicy)
		password string
		want     []string
	}{
		{"all off", func(p *PasswordPolicy) {}, base, []string{}},
		{"digit required, missing", func(p *PasswordPolicy) { p.RequireDigit = true }, base, []string{CodeNeedsDigit}},
		{"digit required, present", func(p *PasswordPolicy) { p.RequireDigit = true }, base + "7", []string{}},
		{"digit off, none", func(p *PasswordPolicy) { p.RequireDigit = false }, base, []string{}},
		{"upper required, missing", func(p *PasswordPolicy) { p.RequireUpper = true }, base, []string{CodeNeedsUpper}},
		{"upper required, Ł counts", func(p *PasswordPolicy) { p.RequireUpper = true }, base + "Ł", []string{}},
		{"lower required, missing", func(p *PasswordPolicy) { p.RequireLower = true }, strings.ToUpper(base), []string{CodeNeedsLower}},
		{"lower required, ñ counts", func(p *PasswordPolicy) { p.RequireLower = true }, "PLAIN UPPER WORDS Ñ ñ", []string{}},
		{"special required, letters only", func(p *PasswordPolicy) { p.RequireSpecial = true }, "plainlowerwordshere", []string{CodeNeedsSpecial}},
		{"special required, space counts", func(p *PasswordPolicy) { p.RequireSpecial = true }, base, []string{}},
		{"special required, ñ is no special", func(p *PasswordPolicy) { p.RequireSpecial = true }, "mañanamañanamañana", []string{CodeNeedsSpecial}},
		{"special required, emoji counts", func(p *PasswordPolicy) { p.RequireSpecial = true }, "plainlowerwords🐈", []string{}},
		{"all on, all missing", func(p *PasswordPolicy) {
			p.RequireDigit, p.RequireUpper, p.RequireLower, p.RequireSpecial = true, true, true, true
		}, "ąęółśżźćńąęółśżźćń", []string{CodeNeedsDigit, CodeNeedsUpper, CodeNeedsSpecial}},
		{"all on, all present", func(p *PasswordPolicy) {
			p.RequireDigit, p.RequireUpper, p.RequireLower, p.RequireSpecial = true, true, true, true
		}, "Żółw ma 4 łapy i ogon", []string{}},
		{"Arabic-Indic digit counts", func(p *PasswordPolicy) { p.RequireDigit = true }, base + "٣", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultPasswordPolicy()
			c.set(&p)
			if got := codes(p.Check(c.password, Personal{})); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("codes = %v, want %v", got, c.want)
			}
		})
	}
}

func TestCheckReportsEveryFailureInOrder(t *testing.T) {
	p := PasswordPolicy{MinLength: 15, MaxLength: 64, BlockCommon: true,
		RequireDigit: true, RequireUpper: true, RequireLower: true, RequireSpecial: true}
	r := p.Check("monkey", Personal{Username: "monkey"})
	want := []string{CodeTooShort, CodeCommon, CodeContainsPersonal, CodeNeedsDigit, CodeNeedsUpper, CodeNeedsSpecial}
	if got := codes(r); !reflect.DeepEqual(got, want) || r.OK {
		t.Fatalf("codes = %v (ok %v), want %v", got, r.OK, want)
	}
}

func TestReportJSON(t *testing.T) {
	ok, err := json.Marshal(DefaultPasswordPolicy().Check("orbit saffron kettle", Personal{}))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"ok":true,"length":20,"min":15,"max":64,"failures":[]}`; string(ok) != want {
		t.Fatalf("JSON = %s, want %s", ok, want)
	}
	bad, err := json.Marshal(DefaultPasswordPolicy().Check(strings.Repeat("🐈", 3), Personal{}))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"ok":false,"length":3,"min":15,"max":64,"failures":[{"code":"too_short","params":{"min":15}}]}`; string(bad) != want {
		t.Fatalf("JSON = %s, want %s", bad, want)
	}
	common, _ := json.Marshal(Failure{Code: CodeCommon})
	if string(common) != `{"code":"common"}` {
		t.Fatalf("a failure without params = %s", common)
	}
}

func TestClamped(t *testing.T) {
	cases := []struct {
		name string
		in   PasswordPolicy
		want PasswordPolicy
	}{
		{"zero value", PasswordPolicy{}, PasswordPolicy{MinLength: 15, MaxLength: 64}},
		{"min 8 without two-factor", PasswordPolicy{MinLength: 8, MaxLength: 64}, PasswordPolicy{MinLength: 15, MaxLength: 64}},
		{"min 8 with two-factor", PasswordPolicy{MinLength: 8, MaxLength: 64, TwoFactorRequired: true}, PasswordPolicy{MinLength: 8, MaxLength: 64, TwoFactorRequired: true}},
		{"min 7 with two-factor", PasswordPolicy{MinLength: 7, TwoFactorRequired: true}, PasswordPolicy{MinLength: 8, MaxLength: 64, TwoFactorRequired: true}},
		{"min 12 with two-factor kept", PasswordPolicy{MinLength: 12, MaxLength: 80, TwoFactorRequired: true}, PasswordPolicy{MinLength: 12, MaxLength: 80, TwoFactorRequired: true}},
		{"min above 64", PasswordPolicy{MinLength: 100, MaxLength: 300}, PasswordPolicy{MinLength: 64, MaxLength: 256}},
		{"max below 64", PasswordPolicy{MinLength: 20, MaxLength: 30}, PasswordPolicy{MinLength: 20, MaxLength: 64}},
		{"max raised", PasswordPolicy{MinLength: 15, MaxLength: 128}, PasswordPolicy{MinLength: 15, MaxLength: 128}},
		{"max 256", PasswordPolicy{MinLength: 15, MaxLength: 256}, PasswordPolicy{MinLength: 15, MaxLength: 256}},
		{"max above 256", PasswordPolicy{MinLength: 15, MaxLength: 257}, PasswordPolicy{MinLength: 15, MaxLength: 256}},
		{"negative counts", PasswordPolicy{MinLength: -1, MaxLength: -1, HistoryCount: -3, MaxAgeDays: -9}, PasswordPolicy{MinLength: 15, MaxLength: 64}},
		{"history and age too high", PasswordPolicy{MinLength: 15, MaxLength: 64, HistoryCount: 25, MaxAgeDays: 366}, PasswordPolicy{MinLength: 15, MaxLength: 64, HistoryCount: 24, MaxAgeDays: 365}},
		{"history and age in range", PasswordPolicy{MinLength: 15, MaxLength: 64, HistoryCount: 24, MaxAgeDays: 90}, PasswordPolicy{MinLength: 15, MaxLength: 64, HistoryCount: 24, MaxAgeDays: 90}},
		{"flags kept", PasswordPolicy{MinLength: 15, MaxLength: 64, RequireDigit: true, RequireUpper: true, RequireLower: true, RequireSpecial: true, BlockCommon: true},
			PasswordPolicy{MinLength: 15, MaxLength: 64, RequireDigit: true, RequireUpper: true, RequireLower: true, RequireSpecial: true, BlockCommon: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.in.Clamped(); got != c.want {
				t.Fatalf("Clamped() = %+v, want %+v", got, c.want)
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	p := DefaultPasswordPolicy()
	p.RequireDigit, p.RequireUpper, p.RequireLower, p.RequireSpecial = true, true, true, true
	who := Personal{Username: "jgarcia", Email: "jose.garcia@office.example", FirstName: "José", LastName: "García López"}
	for b.Loop() {
		p.Check("Żółw ma 4 łapy i ogon, a José nie", who)
	}
}
