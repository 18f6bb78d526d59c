package textin

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearchIsCleanedAndCapped(t *testing.T) {
	for in, want := range map[string]string{
		"  Ana\x00 María\t\n ":     "Ana María",
		"\x00\x01\x1f":             "",
		"50%_off\\":                "50%_off\\",
		"bad\xffutf8":              "bad utf8",
		strings.Repeat("ą", 1<<20): strings.Repeat("ą", MaxSearchRunes),
	} {
		if got := Search(in); got != want {
			t.Fatalf("Search(%.20q) = %.20q (%d runes), want %.20q", in, got, utf8.RuneCountInString(got), want)
		}
	}
	if got := Search(strings.Repeat("a ", 1<<19)); utf8.RuneCountInString(got) > MaxSearchRunes {
		t.Fatalf("%d runes kept", utf8.RuneCountInString(got))
	}
	if got := Like(" 50%_x\\ "); got != `%50\%\_x\\%` {
		t.Fatalf("Like = %q", got)
	}
	if Like("\x00 ") != "" {
		t.Fatal("nothing searchable must give no pattern")
	}
}

func TestNamesAndNotesRefuseControlCharacters(t *testing.T) {
	for _, bad := range []string{"Ana\x00", "Ana\r\nBcc: x@y", "Ana\x1b[31m", "Ana\u2028", "bad\xff"} {
		if e := CheckLine("name", bad); e == nil || e.Field != "name" || e.Params["rule"] != RuleControl {
			t.Fatalf("CheckLine(%q) = %v", bad, e)
		}
	}
	if e := CheckLine("name", "José Núñez-O'Brien 李"); e != nil {
		t.Fatal(e)
	}
	if e := CheckText("notes", "line one\r\nline two\tend"); e != nil {
		t.Fatal(e)
	}
	for _, bad := range []string{"a\x00b", "a\x07", "\xc3"} {
		if CheckText("notes", bad) == nil {
			t.Fatalf("CheckText(%q) accepted", bad)
		}
	}
}
