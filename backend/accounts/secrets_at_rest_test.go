package accounts_test

// Secrets at rest (issue #12, item 8): the TOTP secrets and the SMTP password are sealed with
// a key that is not in the database file. A stolen plantel.db (with its WAL) does not contain
// them; a copy opened with another workstation key cannot open them and says so with a coded
// error; values stored in clear by an older version are sealed at the next start.

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/mail/mailtest"
	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

const atRestSMTPPassword = "Relay-Pa55word-only-in-the-keyring-7Q"

// fileBytes is everything a thief copying the database gets: the file, its WAL and shm.
func fileBytes(t *testing.T, dbPath string) []byte {
	t.Helper()
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(dbPath + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// copyDB copies the database file and its WAL to a new directory, as a stolen copy or backup.
func copyDB(t *testing.T, dbPath string) string {
	t.Helper()
	dir := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(dbPath + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, store.FileName+suffix), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, store.FileName)
}

func TestSecretsAreSealedInTheDatabaseFile(t *testing.T) {
	env := testutil.NewEnv(t)
	// Enrolled in sync, so changes go to the outbox too (a workstation without a server keeps
	// none): what it would send must be sealed as well.
	if err := env.DB.EnableSync(ctx, store.NewID(), nil); err != nil {
		t.Fatal(err)
	}
	acc := env.Accounts
	owner, agent := env.SignIn(testutil.OwnerUsername), env.SignIn(testutil.AgentAUsername)
	srv := mailtest.Start(t, mailtest.Options{Username: "relay", Password: atRestSMTPPassword})
	cfg := srv.Config()
	if _, err := acc.SetSMTP(ctx, owner, accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS, Username: cfg.Username,
		Password: atRestSMTPPassword, From: "noreply@contactsur.test"}); err != nil {
		t.Fatal(err)
	}
	secret, _ := enrol(t, env, agent)

	raw := fileBytes(t, env.DB.Path())
	for what, s := range map[string]string{"SMTP password": atRestSMTPPassword, "TOTP secret": secret} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the %s is in the database file in clear", what)
		}
	}
	var stored string
	if err := env.DB.Read().QueryRow(`SELECT secret FROM user_totp`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !secrets.Sealed(stored) {
		t.Fatalf("user_totp.secret stored as %.12q…", stored)
	}
	var outbox string
	if err := env.DB.Read().QueryRow(`SELECT group_concat(fields, ' ') FROM sync_outbox WHERE tbl IN ('user_totp', 'secret_settings')`).Scan(&outbox); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains([]byte(outbox), []byte(secret)) || bytes.Contains([]byte(outbox), []byte(atRestSMTPPassword)) || outbox == "" {
		t.Fatalf("the sync outbox carries a secret in clear (or nothing): %.80s", outbox)
	}

	// Still usable: the settings read back masked, mail goes out with the password (the test
	// server accepts only it), and the agent signs in with a TOTP code.
	st, err := acc.GetSMTP(ctx, owner)
	if err != nil || !st.PasswordSet || st.Host != cfg.Host {
		t.Fatalf("GetSMTP: %+v %v", st, err)
	}
	if err := acc.SendTestMail(ctx, owner, "owner@contactsur.test"); err != nil {
		t.Fatalf("send with the sealed password: %v", err)
	}
	srv.Wait(t, 1, 5*time.Second)
	env.Clock.Advance(30 * time.Second)
	ch := challengeOf(t, env, testutil.AgentAUsername)
	c, _ := totp.GenerateCode(secret, env.Clock.Now())
	if _, err := acc.SignInSecondFactor(ctx, ch, c); err != nil {
		t.Fatalf("TOTP sign-in with the sealed secret: %v", err)
	}
	if where := keyFile(env); where == "" {
		t.Fatal("no workstation key file beside the database")
	}

	// A stolen copy, opened on another workstation (another key): nothing to read, a coded
	// error rather than a crash, and what is not secret still works.
	stolen := copyDB(t, env.DB.Path())
	db2, err := store.Open(ctx, stolen, store.Options{Now: env.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	thief := accounts.New(db2, auth.Hasher{}, env.Logger)
	box, err := secrets.Open(ctx, db2, secrets.FileKey{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open the copy's secrets with another key: %v", err)
	}
	if box.Locked() != 1 {
		t.Fatalf("locked keys: %d, want 1", box.Locked())
	}
	thief.UseSecrets(box)
	if _, err := thief.Mailer(ctx); code(err) != secrets.CodeSecretsLocked {
		t.Fatalf("mailer on the copy: %v, want secrets_locked", err)
	}
	if st, err := thief.GetSMTP(ctx, owner); err != nil || !st.PasswordSet {
		t.Fatalf("GetSMTP on the copy: %+v %v", st, err)
	}
	var sealed string
	if err := db2.Read().QueryRow(`SELECT secret FROM user_totp`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	var id string
	if err := db2.Read().QueryRow(`SELECT id FROM user_totp`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if v, err := box.Open(ctx, secrets.Column{Table: "user_totp", Name: "secret"}, id, sealed); code(err) != secrets.CodeSecretsLocked || v != "" {
		t.Fatalf("open the copy's TOTP secret: %q %v", v, err)
	}
	// Sign-in on the copy: the password step passes (hashes are not secrets to seal), the TOTP
	// step answers secrets_locked.
	env.Clock.Advance(30 * time.Second)
	_, err = thief.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
	if code(err) != accounts.CodeTwoFactorRequired {
		t.Fatalf("sign-in on the copy: %v", err)
	}
	c2, _ := totp.GenerateCode(secret, env.Clock.Now())
	if _, err := thief.SignInSecondFactor(ctx, challengeID(err), c2); code(err) != secrets.CodeSecretsLocked {
		t.Fatalf("TOTP on the copy: %v, want secrets_locked", err)
	}
}

func challengeID(err error) string {
	id, _ := apperr.As(err).Params["challengeId"].(string)
	return id
}

func keyFile(env *testutil.Env) string {
	p := filepath.Join(filepath.Dir(env.DB.Path()), "keys", secrets.KeyFileName)
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		return ""
	}
	return p
}

func TestClearSecretsOfAnOlderDatabaseAreSealedAtStart(t *testing.T) {
	env := testutil.NewEnv(t)
	owner := env.SignIn(testutil.OwnerUsername)
	srv := mailtest.Start(t, mailtest.Options{Username: "relay", Password: atRestSMTPPassword})
	cfg := srv.Config()
	// The settings without a password, then the password in clear as an older version wrote it
	// (through the write path, so the outbox carries it in clear too).
	if _, err := env.Accounts.SetSMTP(ctx, owner, accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS, Username: cfg.Username,
		From: "noreply@contactsur.test"}); err != nil {
		t.Fatal(err)
	}
	clearTOTP := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("secret_settings", "smtp_password", store.Fields{"value": atRestSMTPPassword}); err != nil {
			return err
		}
		return tx.Insert("user_totp", store.NewID(), store.Fields{"user_id": env.AgentB, "secret": clearTOTP})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(fileBytes(t, env.DB.Path()), []byte(atRestSMTPPassword)) {
		t.Fatal("setup: the clear password is not in the file to begin with")
	}

	// The next start: the app opens its secrets box.
	box, err := secrets.Open(ctx, env.DB, secrets.FileKey{Dir: filepath.Join(env.Dir, "keys")})
	if err != nil {
		t.Fatal(err)
	}
	raw := fileBytes(t, env.DB.Path())
	if bytes.Contains(raw, []byte(atRestSMTPPassword)) || bytes.Contains(raw, []byte(clearTOTP)) {
		t.Fatal("a secret stored in clear is still in the database file after sealing")
	}
	acc := accounts.New(env.DB, auth.Hasher{}, env.Logger)
	acc.UseSecrets(box)
	if err := acc.SendTestMail(ctx, owner, "owner@contactsur.test"); err != nil {
		t.Fatalf("send with the migrated password: %v", err)
	}
	srv.Wait(t, 1, 5*time.Second)
	// Opening again finds nothing left to seal.
	if n, err := box.SealClear(ctx); err != nil || n != 0 {
		t.Fatalf("second pass sealed %d: %v", n, err)
	}
}

func TestSyncDeliveredKeyOpensSecretsOnAnotherWorkstation(t *testing.T) {
	// Workstation 1 seals; workstation 2 (its own database and key) receives the organization
	// key as sync will hand it over TLS, and the sealed value as sync delivers the row.
	one := testutil.NewEnv(t)
	box1, err := secrets.Open(ctx, one.DB, secrets.FileKey{Dir: filepath.Join(one.Dir, "keys")})
	if err != nil {
		t.Fatal(err)
	}
	col := secrets.Column{Table: "secret_settings", Name: "value"}
	sealed, err := box1.Seal(col, "smtp_password", atRestSMTPPassword)
	if err != nil {
		t.Fatal(err)
	}
	two := testutil.NewEnv(t)
	box2, err := secrets.Open(ctx, two.DB, secrets.FileKey{Dir: filepath.Join(two.Dir, "keys")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := box2.Open(ctx, col, "smtp_password", sealed); code(err) != secrets.CodeSecretsLocked {
		t.Fatalf("before the key arrives: %v", err)
	}
	keys := box1.ExportKeys()
	if len(keys) != 1 {
		t.Fatalf("exported %d keys", len(keys))
	}
	for id, k := range keys {
		if err := box2.ImportKey(ctx, id, k); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(fileBytes(t, two.DB.Path()), k) {
			t.Fatal("the organization key is stored unwrapped")
		}
	}
	if v, err := box2.Open(ctx, col, "smtp_password", sealed); err != nil || v != atRestSMTPPassword {
		t.Fatalf("after the key arrived: %q %v", v, err)
	}
	// Bound to its place: the same value under another row does not open.
	if _, err := box2.Open(ctx, col, "other", sealed); code(err) != secrets.CodeSecretsLocked {
		t.Fatalf("moved value: %v", err)
	}
}
