package auth

import (
	"bytes"
	"encoding/base32"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TestTOTPRFC6238Vectors runs the test vectors of RFC 6238 appendix B (8 digits, 30 s) through
// the comparison VerifyTOTP uses, with no skew: each code is accepted at its time, and refused
// one step later and as a replay.
func TestTOTPRFC6238Vectors(t *testing.T) {
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	secrets := map[otp.Algorithm]string{
		otp.AlgorithmSHA1:   b32.EncodeToString([]byte("12345678901234567890")),
		otp.AlgorithmSHA256: b32.EncodeToString([]byte("12345678901234567890123456789012")),
		otp.AlgorithmSHA512: b32.EncodeToString([]byte("1234567890123456789012345678901234567890123456789012345678901234")),
	}
	vectors := []struct {
		unix int64
		alg  otp.Algorithm
		code string
	}{
		{59, otp.AlgorithmSHA1, "94287082"}, {59, otp.AlgorithmSHA256, "46119246"}, {59, otp.AlgorithmSHA512, "90693936"},
		{1111111109, otp.AlgorithmSHA1, "07081804"}, {1111111109, otp.AlgorithmSHA256, "68084774"}, {1111111109, otp.AlgorithmSHA512, "25091201"},
		{1111111111, otp.AlgorithmSHA1, "14050471"}, {1111111111, otp.AlgorithmSHA256, "67062674"}, {1111111111, otp.AlgorithmSHA512, "99943326"},
		{1234567890, otp.AlgorithmSHA1, "89005924"}, {1234567890, otp.AlgorithmSHA256, "91819424"}, {1234567890, otp.AlgorithmSHA512, "93441116"},
		{2000000000, otp.AlgorithmSHA1, "69279037"}, {2000000000, otp.AlgorithmSHA256, "90698825"}, {2000000000, otp.AlgorithmSHA512, "38618901"},
		{20000000000, otp.AlgorithmSHA1, "65353130"}, {20000000000, otp.AlgorithmSHA256, "77737706"}, {20000000000, otp.AlgorithmSHA512, "47863826"},
	}
	for _, v := range vectors {
		opts := totp.ValidateOpts{Period: 30, Digits: otp.DigitsEight, Algorithm: v.alg}
		at := time.Unix(v.unix, 0)
		step, ok := verifyTOTP(secrets[v.alg], v.code, at, 0, 0, opts)
		if !ok || step != v.unix/30 {
			t.Errorf("T=%d %s: code %s refused (step %d)", v.unix, v.alg, v.code, step)
			continue
		}
		if _, ok := verifyTOTP(secrets[v.alg], v.code, at, step, 0, opts); ok {
			t.Errorf("T=%d %s: replayed code accepted", v.unix, v.alg)
		}
		if _, ok := verifyTOTP(secrets[v.alg], v.code, at.Add(30*time.Second), 0, 0, opts); ok {
			t.Errorf("T=%d %s: code accepted a step late without skew", v.unix, v.alg)
		}
		// pquerna's own validator agrees.
		if ok, err := totp.ValidateCustom(v.code, secrets[v.alg], at, opts); !ok || err != nil {
			t.Errorf("T=%d %s: ValidateCustom refused (%v)", v.unix, v.alg, err)
		}
	}
}

func TestVerifyTOTPWindowAndReplay(t *testing.T) {
	key, err := NewTOTPKey("Contact Sur", "agent.a")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 10, 0, time.UTC)
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(key.Secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	step, ok := VerifyTOTP(key.Secret, code(now), now, 0)
	if !ok || step != TOTPStep(now) {
		t.Fatalf("current code refused")
	}
	if _, ok := VerifyTOTP(key.Secret, code(now), now, step); ok {
		t.Fatal("same code accepted twice")
	}
	if _, ok := VerifyTOTP(key.Secret, code(now.Add(-30*time.Second)), now, 0); !ok {
		t.Fatal("previous step refused (skew 1)")
	}
	if _, ok := VerifyTOTP(key.Secret, code(now.Add(-90*time.Second)), now, 0); ok {
		t.Fatal("code three steps old accepted")
	}
	c := code(now)
	if _, ok := VerifyTOTP(key.Secret, c[:3]+" "+c[3:], now, 0); !ok {
		t.Fatal("code typed with a space refused")
	}
	for _, bad := range []string{"", "12345", "abcdef", "1234567"} {
		if _, ok := VerifyTOTP(key.Secret, bad, now, 0); ok {
			t.Fatalf("%q accepted", bad)
		}
	}
	if !LooksLikeTOTP(" 123 456 ") || LooksLikeTOTP("ABCD-EFGH-JKMN-PQRS") || LooksLikeTOTP("12345") {
		t.Fatal("LooksLikeTOTP")
	}
}

func TestNewTOTPKeyURIAndQRCode(t *testing.T) {
	key, err := NewTOTPKey("Contact Sur", "jose@contactsur.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(key.Secret) != 32 { // 20 bytes in base32 without padding
		t.Fatalf("secret length %d", len(key.Secret))
	}
	u, err := url.Parse(key.URI)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != key.Secret ||
		u.Query().Get("issuer") != "Contact Sur" || u.Query().Get("digits") != "6" || !strings.Contains(u.Path, "jose@contactsur.test") {
		t.Fatalf("uri %q", key.URI)
	}
	img, err := png.Decode(bytes.NewReader(key.QRPNG))
	if err != nil || img.Bounds().Dx() != totpQRSize {
		t.Fatalf("qr png: %v", err)
	}
	other, _ := NewTOTPKey("Contact Sur", "jose@contactsur.test")
	if other.Secret == key.Secret {
		t.Fatal("two keys share a secret")
	}
}
