package auth

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestBlocklistSize(t *testing.T) {
	if n := BlocklistSize(); n < 10000 {
		t.Fatalf("BlocklistSize() = %d, want at least 10000", n)
	}
}

func TestIsCommon(t *testing.T) {
	cases := []struct {
		password string
		want     bool
	}{
		{"password", true},
		{"123456", true},
		{"trustno1", true},
		{"iloveyou", true},
		{"PassWord", true},
		{"１２３４５６", true}, // full-width digits: NFKC makes them "123456"
		{"passwordpassword", true},
		{"qwertyuiop12345", true},
		{"1qaz2wsx3edc4rfv", true},
		{"", false},
		{"password ", false},
		{"orbit saffron kettle", false},
		{"Żółw ma 4 łapy i ogon", false},
	}
	for _, c := range cases {
		if got := IsCommon(c.password); got != c.want {
			t.Errorf("IsCommon(%q) = %v, want %v", c.password, got, c.want)
		}
	}
}

func TestBlocklistIsSortedLowerCaseUnique(t *testing.T) {
	list := blocklist()
	for i, pw := range list {
		if pw == "" || pw != strings.ToLower(NormalizePassword(pw)) {
			t.Fatalf("entry %d %q is not normalised and lower-cased", i, pw)
		}
		if i > 0 && list[i-1] >= pw {
			t.Fatalf("entries %q, %q out of order or repeated", list[i-1], pw)
		}
	}
}

func TestBlocklistConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !IsCommon("dragon") || BlocklistSize() < 10000 {
				t.Error("block list not loaded")
			}
		})
	}
	wg.Wait()
}

func TestParseBlocklist(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte("zebra\r\napple\n\nmango\napple\n"))
	_ = zw.Close()
	list, err := parseBlocklist(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"apple", "mango", "zebra"}; !reflect.DeepEqual(list, want) {
		t.Fatalf("parseBlocklist = %q, want %q", list, want)
	}
	if _, err := parseBlocklist([]byte("not gzip")); err == nil {
		t.Fatal("parseBlocklist accepted data that is not gzip")
	}
	if _, err := parseBlocklist(buf.Bytes()[:buf.Len()-6]); err == nil {
		t.Fatal("parseBlocklist accepted a truncated file")
	}
}
