package version

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	Version, Commit, Date = "1.2.3", "abc1234", "2026-12-06T07:00:00Z"
	if got := String("plantel"); got != "plantel 1.2.3 (commit abc1234, built 2026-12-06T07:00:00Z)" {
		t.Fatalf("String = %q", got)
	}
	Commit, Date = "", ""
	if got := String("plantel-server"); !strings.Contains(got, "commit unknown") {
		t.Fatalf("String = %q", got)
	}
}
