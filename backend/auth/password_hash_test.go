package auth

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

// fastParams keep most hashing tests quick; the default parameters (64 MiB) are used only where
// they are what is being tested.
var fastParams = HashParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

func TestDefaultHashParamsCostMoreThanOWASPMinimum(t *testing.T) {
	want := HashParams{Memory: 65536, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}
	if got := DefaultHashParams(); got != want {
		t.Fatalf("DefaultHashParams() = %+v, want %+v", got, want)
	}
	if err := want.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	owasp := HashParams{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}
	if want.weakerThan(owasp) || !owasp.weakerThan(want) {
		t.Fatalf("the defaults %+v must be stronger than the OWASP minimum %+v", want, owasp)
	}
}

// TestOldDefaultHashesVerifyAndAskForUpgrade: a hash made with the previous defaults (the
// OWASP minimum, 19 MiB and 2 iterations) still signs in and asks to be replaced.
func TestOldDefaultHashesVerifyAndAskForUpgrade(t *testing.T) {
	old, err := Hasher{Params: HashParams{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}}.Hash("an account from last year")
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := Hasher{}.Verify(old, "an account from last year")
	if !ok || !rehash || err != nil {
		t.Fatalf("Verify(old default hash) = %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
}

// TestUseTestHashParams: a test binary may switch the zero Hasher to the cheap parameters;
// hashes of either kind go on verifying.
func TestUseTestHashParams(t *testing.T) {
	prod, err := Hasher{}.Hash("made before the switch")
	if err != nil {
		t.Fatal(err)
	}
	UseTestHashParams()
	t.Cleanup(func() { testHashes.Store(false) })
	if DefaultHashParams() != TestHashParams || ProductionHashParams() != productionParams {
		t.Fatalf("after UseTestHashParams: default %+v, production %+v", DefaultHashParams(), ProductionHashParams())
	}
	enc, err := Hasher{}.Hash("made after the switch")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("zero Hasher in test mode hashed with %q", enc)
	}
	if ok, rehash, err := (Hasher{}).Verify(prod, "made before the switch"); !ok || rehash || err != nil {
		t.Fatalf("Verify(production hash) in test mode = %v, %v, %v", ok, rehash, err)
	}
}

func TestHashDefaultPHCFormatAndVerify(t *testing.T) {
	h := Hasher{Params: DefaultHashParams()}
	const pw = "grape kettle orbit saffron"
	enc, err := h.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=2,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)
	m := re.FindStringSubmatch(enc)
	if m == nil {
		t.Fatalf("hash %q is not a PHC argon2id string with the default parameters", enc)
	}
	// Recompute independently from the parsed salt: the key really is argon2id of the password.
	salt, err := base64.RawStdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	want := base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(pw), salt, 2, 65536, 1, 32))
	if m[2] != want {
		t.Fatalf("stored key %s, recomputed %s", m[2], want)
	}
	p, _, _, err := decodePHC(enc)
	if err != nil || p != DefaultHashParams() {
		t.Fatalf("decodePHC = %+v, %v; want the defaults", p, err)
	}

	ok, rehash, err := h.Verify(enc, pw)
	if !ok || rehash || err != nil {
		t.Fatalf("Verify(right) = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	ok, rehash, err = h.Verify(enc, pw+" ")
	if ok || rehash || err != nil {
		t.Fatalf("Verify(wrong) = %v, %v, %v; want false, false, nil", ok, rehash, err)
	}
}

// Vectors made by the reference implementation's CLI (Debian package argon2):
// echo -n PASSWORD | argon2 SALT -id -t T -k M -p P -l L -e
func TestVerifyReferenceVectors(t *testing.T) {
	vectors := []struct{ password, encoded string }{
		{"correct horse battery staple", "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$ckpELDUnb0gxCs5K1pHW0EzbiX9MYX4J1Eeww6A05BQ"},
		{"zażółć gęślą jaźń", "$argon2id$v=19$m=256,t=1,p=2$cGxhbnRlbC1zYWx0$VfkDAXrrH4eId6wEDkWu4g"},
	}
	for _, v := range vectors {
		ok, rehash, err := Hasher{Params: DefaultHashParams()}.Verify(v.encoded, v.password)
		if !ok || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want a match", v.password, ok, err)
		}
		if !rehash {
			t.Errorf("Verify(%q): weaker stored params should need a rehash", v.password)
		}
		if ok, _, _ := (Hasher{Params: DefaultHashParams()}).Verify(v.encoded, strings.ToUpper(v.password)); ok {
			t.Errorf("Verify(%q) matched a different password", strings.ToUpper(v.password))
		}
	}
}

func TestHashUsesFreshSalt(t *testing.T) {
	h := Hasher{Params: fastParams}
	seen := map[string]bool{}
	for range 5 {
		enc, err := h.Hash("same password every time")
		if err != nil {
			t.Fatal(err)
		}
		salt := strings.Split(enc, "$")[4]
		if seen[salt] {
			t.Fatalf("salt %s repeated", salt)
		}
		seen[salt] = true
		if ok, _, err := h.Verify(enc, "same password every time"); !ok || err != nil {
			t.Fatalf("Verify = %v, %v", ok, err)
		}
	}
}

func TestVerifyNeedsRehash(t *testing.T) {
	weak, err := Hasher{Params: fastParams}.Hash("upgrade me on sign-in")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		verifier   HashParams
		password   string
		ok, rehash bool
	}{
		{"default verifier, weaker stored", DefaultHashParams(), "upgrade me on sign-in", true, true},
		{"wrong password never asks for rehash", DefaultHashParams(), "upgrade me on sign-in!", false, false},
		{"same params", fastParams, "upgrade me on sign-in", true, false},
		{"stronger stored than verifier", HashParams{Memory: 32, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, "upgrade me on sign-in", true, false},
		{"more iterations wanted", HashParams{Memory: 64, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}, "upgrade me on sign-in", true, true},
		{"longer salt wanted", HashParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 32, KeyLen: 32}, "upgrade me on sign-in", true, true},
		{"longer key wanted", HashParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 64}, "upgrade me on sign-in", true, true},
		{"parallelism alone is no upgrade", HashParams{Memory: 64, Iterations: 1, Parallelism: 4, SaltLen: 16, KeyLen: 32}, "upgrade me on sign-in", true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, rehash, err := Hasher{Params: c.verifier}.Verify(weak, c.password)
			if err != nil || ok != c.ok || rehash != c.rehash {
				t.Fatalf("Verify = %v, %v, %v; want %v, %v, nil", ok, rehash, err, c.ok, c.rehash)
			}
		})
	}
}

func TestHashNormalisesPassword(t *testing.T) {
	h := Hasher{Params: fastParams}
	composed := "Jos\u00e9 ma\u00f1ana \ufb01esta" // precomposed é, ñ and the "fi" ligature
	decomposed := "Jose\u0301 man\u0303ana fiesta"
	enc, err := h.Hash(composed)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := h.Verify(enc, decomposed); !ok || err != nil {
		t.Fatalf("NFKC-equivalent password did not verify: %v, %v", ok, err)
	}
	if ok, _, _ := h.Verify(enc, "Jose manana fiesta"); ok {
		t.Fatal("password without the accents verified")
	}
}

func TestZeroHasherUsesDefaults(t *testing.T) {
	enc, err := Hasher{}.Hash("zero value hasher")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Fatalf("zero Hasher hashed with %q", enc)
	}
}

func TestHashRejectsInvalidParams(t *testing.T) {
	bad := []HashParams{
		{Memory: 64, Iterations: 0, Parallelism: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 4, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 8},
		{Memory: 2 << 20, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32},
	}
	for _, p := range bad {
		if _, err := (Hasher{Params: p}).Hash("x"); !errors.Is(err, ErrInvalidHashParams) {
			t.Errorf("Hash with %+v: err = %v, want ErrInvalidHashParams", p, err)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	good, err := Hasher{Params: fastParams}.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=..,t=..,p=.., salt, key
	salt, key := parts[4], parts[5]
	join := func(p ...string) string { return strings.Join(p, "$") }
	malformed := []string{
		"",
		"plain-text-password",
		"$argon2id$",
		strings.TrimPrefix(good, "$"),
		good + "$extra",
		join("", "argon2i", "v=19", "m=64,t=1,p=1", salt, key),
		join("", "bcrypt", "v=19", "m=64,t=1,p=1", salt, key),
		join("", "argon2id", "19", "m=64,t=1,p=1", salt, key),
		join("", "argon2id", "v=x", "m=64,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "t=1,m=64,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1,x=2", salt, key),
		join("", "argon2id", "v=19", "m=,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=+64,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=-64,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=0,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=0", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=256", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=257", salt, key), // would wrap to p=1 as a uint8
		join("", "argon2id", "v=19", "m=99999999999,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=4294967295,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=4294967295,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt+"==", key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", "not*base64", key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, key[:len(key)-1]+"!"),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", "", key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, ""),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", "c2FsdA", key),
	}
	for _, enc := range malformed {
		ok, rehash, err := Hasher{}.Verify(enc, "pw")
		if !errors.Is(err, ErrMalformedHash) || ok || rehash {
			t.Errorf("Verify(%q) = %v, %v, %v; want false, false, ErrMalformedHash", enc, ok, rehash, err)
		}
	}
	old := join("", "argon2id", "v=16", "m=64,t=1,p=1", salt, key)
	if ok, _, err := (Hasher{}).Verify(old, "pw"); ok || !errors.Is(err, ErrIncompatibleVersion) {
		t.Errorf("Verify(v=16) = %v, %v; want ErrIncompatibleVersion", ok, err)
	}
}

func TestDummyVerifyCostsLikeVerify(t *testing.T) {
	h := Hasher{Params: HashParams{Memory: 4096, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}}
	enc, err := h.Hash("a real account's password")
	if err != nil {
		t.Fatal(err)
	}
	fastest := func(f func()) time.Duration {
		best := time.Duration(1<<63 - 1)
		for range 3 {
			start := time.Now()
			f()
			best = min(best, time.Since(start))
		}
		return best
	}
	real := fastest(func() { _, _, _ = h.Verify(enc, "a wrong guess") })
	dummy := fastest(func() { h.DummyVerify("a wrong guess") })
	if dummy < real/4 || dummy > real*4 {
		t.Fatalf("DummyVerify took %v, a real Verify %v: they should be alike", dummy, real)
	}
	// Invalid parameters must not make it return at once: it falls back to the defaults.
	bad := Hasher{Params: HashParams{Memory: 1}}
	if d := fastest(func() { bad.DummyVerify("x") }); d < real/4 {
		t.Fatalf("DummyVerify with invalid params took only %v", d)
	}
}

func BenchmarkHash(b *testing.B) {
	h := Hasher{Params: DefaultHashParams()}
	for b.Loop() {
		if _, err := h.Hash("benchmark password of fair length"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h := Hasher{Params: DefaultHashParams()}
	enc, err := h.Hash("benchmark password of fair length")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, _, _ := h.Verify(enc, "benchmark password of fair length"); !ok {
			b.Fatal("no match")
		}
	}
}
