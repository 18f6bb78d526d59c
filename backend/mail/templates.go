package mail

import (
	"fmt"
	"html"
	"strings"
)

// Languages the messages are written in; any other language falls back to Spanish, the
// application's default.
var Languages = []string{"es", "en", "pt", "pl"}

// texts are one message kind's sentences in one language. Placeholders are filled with
// fmt.Sprintf in the order given at each use.
type texts struct {
	subject, greeting, body, code, validity, ignore, signature string
}

// invitation: subject(org); greeting(name or ""); body(inviter, org); code; validity(hours).
var invitationTexts = map[string]texts{
	"es": {"Invitación a %s en Plantel", "Hola%s:", "%s te invita a unirte a %s en Plantel.",
		"Abre Plantel, elige «Tengo una invitación» e introduce este código:",
		"El código sirve una sola vez y caduca en %d horas.",
		"Si no esperabas esta invitación, ignora este mensaje.", "Plantel"},
	"en": {"Invitation to %s on Plantel", "Hello%s,", "%s invites you to join %s on Plantel.",
		"Open Plantel, choose “I have an invitation” and enter this code:",
		"The code works once and expires in %d hours.",
		"If you did not expect this invitation, ignore this message.", "Plantel"},
	"pt": {"Convite para %s no Plantel", "Olá%s,", "%s convida você para entrar em %s no Plantel.",
		"Abra o Plantel, escolha “Tenho um convite” e digite este código:",
		"O código vale uma única vez e expira em %d horas.",
		"Se você não esperava este convite, ignore esta mensagem.", "Plantel"},
	"pl": {"Zaproszenie do %s w Plantel", "Dzień dobry%s,", "%s zaprasza Cię do %s w aplikacji Plantel.",
		"Otwórz Plantel, wybierz „Mam zaproszenie” i wpisz ten kod:",
		"Kod działa jeden raz i wygasa za %d godz.",
		"Jeśli nie spodziewasz się tego zaproszenia, zignoruj tę wiadomość.", "Plantel"},
}

// resetTexts: subject(org); greeting(name); body(org); code; validity(minutes).
var resetTexts = map[string]texts{
	"es": {"Código para restablecer tu contraseña de %s", "Hola%s:",
		"Alguien (probablemente tú) pidió restablecer tu contraseña de %s en Plantel.",
		"Introduce este código en Plantel para elegir una contraseña nueva:",
		"El código sirve una sola vez y caduca en %d minutos.",
		"Si no lo pediste, ignora este mensaje: tu contraseña no cambia.", "Plantel"},
	"en": {"Code to reset your %s password", "Hello%s,",
		"Someone (probably you) asked to reset your %s password on Plantel.",
		"Enter this code in Plantel to choose a new password:",
		"The code works once and expires in %d minutes.",
		"If you did not ask for it, ignore this message: your password stays as it is.", "Plantel"},
	"pt": {"Código para redefinir sua senha de %s", "Olá%s,",
		"Alguém (provavelmente você) pediu para redefinir sua senha de %s no Plantel.",
		"Digite este código no Plantel para escolher uma nova senha:",
		"O código vale uma única vez e expira em %d minutos.",
		"Se você não pediu, ignore esta mensagem: sua senha não muda.", "Plantel"},
	"pl": {"Kod do zresetowania hasła w %s", "Dzień dobry%s,",
		"Ktoś (prawdopodobnie Ty) poprosił o zresetowanie Twojego hasła w %s w aplikacji Plantel.",
		"Wpisz ten kod w Plantel, aby ustawić nowe hasło:",
		"Kod działa jeden raz i wygasa za %d min.",
		"Jeśli to nie Ty, zignoruj tę wiadomość: Twoje hasło się nie zmieni.", "Plantel"},
}

// testTexts: subject(org); greeting(""); body(org).
var testTexts = map[string]texts{
	"es": {"Prueba de correo de %s", "Hola%s:", "Este es un mensaje de prueba de Plantel para %s. El correo saliente funciona.", "", "", "", "Plantel"},
	"en": {"Test e-mail from %s", "Hello%s,", "This is a test message from Plantel for %s. Outgoing e-mail works.", "", "", "", "Plantel"},
	"pt": {"E-mail de teste de %s", "Olá%s,", "Esta é uma mensagem de teste do Plantel para %s. O envio de e-mails funciona.", "", "", "", "Plantel"},
	"pl": {"Testowa wiadomość z %s", "Dzień dobry%s,", "To jest testowa wiadomość z Plantel dla %s. Wysyłanie poczty działa.", "", "", "", "Plantel"},
}

func pick(m map[string]texts, lang string) texts {
	if t, ok := m[lang]; ok {
		return t
	}
	return m["es"]
}

// InvitationData fills an invitation message.
type InvitationData struct {
	OrgName     string
	InviterName string
	Code        string
	Hours       int
}

// ResetCodeData fills a password-reset message.
type ResetCodeData struct {
	OrgName string
	Name    string // the recipient's display name, may be empty
	Code    string
	Minutes int
}

// InvitationMessage is the invitation e-mail to address to, in lang.
func InvitationMessage(lang, to string, d InvitationData) Message {
	t := pick(invitationTexts, lang)
	return compose(to, "", fmt.Sprintf(t.subject, d.OrgName), fmt.Sprintf(t.greeting, ""),
		[]string{fmt.Sprintf(t.body, d.InviterName, d.OrgName), t.code},
		d.Code, []string{fmt.Sprintf(t.validity, d.Hours), t.ignore}, t.signature)
}

// ResetCodeMessage is the password-reset e-mail to address to, in lang.
func ResetCodeMessage(lang, to string, d ResetCodeData) Message {
	t := pick(resetTexts, lang)
	name := ""
	if d.Name != "" {
		name = " " + d.Name
	}
	return compose(to, d.Name, fmt.Sprintf(t.subject, d.OrgName), fmt.Sprintf(t.greeting, name),
		[]string{fmt.Sprintf(t.body, d.OrgName), t.code},
		d.Code, []string{fmt.Sprintf(t.validity, d.Minutes), t.ignore}, t.signature)
}

// TestMessage is the "does outgoing mail work" e-mail, in lang.
func TestMessage(lang, to, orgName string) Message {
	t := pick(testTexts, lang)
	return compose(to, "", fmt.Sprintf(t.subject, orgName), fmt.Sprintf(t.greeting, ""),
		[]string{fmt.Sprintf(t.body, orgName)}, "", nil, t.signature)
}

// compose lays out a message: greeting, paragraphs before the code, the code alone on its
// line (large in HTML), paragraphs after, signature. Every value is escaped in the HTML part.
func compose(to, toName, subject, greeting string, before []string, code string, after []string, signature string) Message {
	var txt, h strings.Builder
	txt.WriteString(greeting + "\n\n")
	h.WriteString(`<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">`)
	h.WriteString("<p>" + html.EscapeString(greeting) + "</p>")
	for _, p := range before {
		txt.WriteString(p + "\n\n")
		h.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	if code != "" {
		txt.WriteString("    " + code + "\n\n")
		h.WriteString(`<p style="font-size:24px;font-family:monospace;letter-spacing:2px"><strong>` +
			html.EscapeString(code) + "</strong></p>")
	}
	for _, p := range after {
		txt.WriteString(p + "\n\n")
		h.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	txt.WriteString("-- \n" + signature + "\n")
	h.WriteString("<p>— " + html.EscapeString(signature) + "</p></body></html>")
	return Message{To: to, ToName: toName, Subject: subject, Text: txt.String(), HTML: h.String()}
}
