package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/mail"
	"github.com/plantel/plantel/backend/mail/mailtest"
)

var ctx = context.Background()

func TestSendPlainWithAuthReachesARealSMTPServer(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{Username: "relay", Password: "s3cret-relay-pw"})
	m := mail.ResetCodeMessage("pl", "zofia@contactsur.test", mail.ResetCodeData{OrgName: "Contact Sur", Name: "Zofia Wójcik",
		Code: "7KQ2-M9XD-4R1B", Minutes: 30})
	if err := mail.NewSMTP(srv.Config()).Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	if got.Auth != "relay" || got.To[0] != "zofia@contactsur.test" || got.From != "plantel@contactsur.test" {
		t.Fatalf("envelope: %+v", got)
	}
	if got.Subject != "Kod do zresetowania hasła w Contact Sur" {
		t.Fatalf("subject %q", got.Subject)
	}
	for _, want := range []string{"Dzień dobry Zofia Wójcik,", "7KQ2-M9XD-4R1B", "wygasa za 30 min"} {
		if !strings.Contains(got.Text, want) || !strings.Contains(got.HTML, want) {
			t.Fatalf("body lacks %q:\n%s\n%s", want, got.Text, got.HTML)
		}
	}
}

func TestSendWithWrongPasswordFailsWithoutEchoingIt(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{Username: "relay", Password: "right-one"})
	cfg := srv.Config()
	cfg.Password = "Wrong-Relay-Password-77"
	err := mail.NewSMTP(cfg).Send(ctx, mail.TestMessage("en", "x@contactsur.test", "Contact Sur"))
	if err == nil {
		t.Fatal("sent with a wrong password")
	}
	if strings.Contains(err.Error(), cfg.Password) || strings.Contains(cfg.String(), cfg.Password) {
		t.Fatalf("password shown: %v / %s", err, cfg)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("message delivered")
	}
}

func TestSendWithStartTLS(t *testing.T) {
	serverTLS, clientTLS := mailtest.SelfSigned(t)
	srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS, Username: "relay", Password: "pw-over-tls"})
	cfg := srv.Config()
	cfg.TLSConfig = clientTLS
	if err := mail.NewSMTP(cfg).Send(ctx, mail.TestMessage("pt", "ana@contactsur.test", "Contact Sur")); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	if !got.TLS || got.Subject != "E-mail de teste de Contact Sur" {
		t.Fatalf("tls=%v subject=%q", got.TLS, got.Subject)
	}
	// Without trusting the certificate, STARTTLS is required and fails: nothing goes in clear.
	cfg.TLSConfig = nil
	if err := mail.NewSMTP(cfg).Send(ctx, mail.TestMessage("pt", "ana@contactsur.test", "Contact Sur")); err == nil {
		t.Fatal("sent to an untrusted certificate")
	}
}

func TestNotConfiguredAndUnknownMode(t *testing.T) {
	if err := mail.NewSMTP(mail.Config{}).Send(ctx, mail.Message{To: "a@b.test"}); err != mail.ErrNotConfigured {
		t.Fatalf("empty config: %v", err)
	}
	if err := mail.NewSMTP(mail.Config{Host: "h", From: "a@b.test", TLS: "ssl3"}).Send(ctx, mail.Message{To: "a@b.test", Text: "x"}); err == nil {
		t.Fatal("unknown TLS mode accepted")
	}
	if mail.DefaultPort(mail.TLSImplicit) != 465 || mail.DefaultPort(mail.TLSStartTLS) != 587 || mail.DefaultPort(mail.TLSNone) != 25 {
		t.Fatal("default ports")
	}
}

// TestMessagesInEveryLanguage checks each message kind exists in each language, carries
// its code, escapes HTML, and falls back to Spanish.
func TestMessagesInEveryLanguage(t *testing.T) {
	subjects := map[string]bool{}
	for _, lang := range mail.Languages {
		inv := mail.InvitationMessage(lang, "x@y.test", mail.InvitationData{OrgName: "A&B <Call>", InviterName: "Olga", Code: "CODE-1234", Hours: 24})
		rst := mail.ResetCodeMessage(lang, "x@y.test", mail.ResetCodeData{OrgName: "A&B <Call>", Code: "CODE-5678", Minutes: 30})
		for _, m := range []mail.Message{inv, rst} {
			if subjects[m.Subject] {
				t.Fatalf("%s: subject %q repeated across languages", lang, m.Subject)
			}
			subjects[m.Subject] = true
			if strings.Contains(m.HTML, "<Call>") || !strings.Contains(m.HTML, "A&amp;B &lt;Call&gt;") {
				t.Fatalf("%s: HTML not escaped: %s", lang, m.HTML)
			}
		}
		if !strings.Contains(inv.Text, "CODE-1234") || !strings.Contains(inv.Text, "24") || !strings.Contains(rst.Text, "CODE-5678") {
			t.Fatalf("%s: codes missing", lang)
		}
	}
	if mail.InvitationMessage("xx", "x@y.test", mail.InvitationData{OrgName: "O"}).Subject != "Invitación a O en Plantel" {
		t.Fatal("unknown language does not fall back to Spanish")
	}
}
