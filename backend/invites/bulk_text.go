package invites

import (
	"fmt"
	"strings"
	"time"
)

// credentialsTexts are the header lines of the credentials file, per language: title(org),
// generated(date, who), profile(name, accountsPhrase), must-change, keep-safe, column names.
var credentialsTexts = map[string][6]string{
	"es": {"Plantel — credenciales de %s", "Generadas el %s por %s", "Perfil: %s — %s",
		"Cada cuenta debe cambiar su contraseña al iniciar sesión por primera vez.",
		"Guarda este archivo en un lugar seguro y bórralo cuando hayas entregado las contraseñas.",
		"usuario\tcorreo\tcontraseña"},
	"en": {"Plantel — credentials for %s", "Generated on %s by %s", "Profile: %s — %s",
		"Each account must change its password at first sign-in.",
		"Keep this file safe and delete it once the passwords have been handed out.",
		"username\te-mail\tpassword"},
	"pt": {"Plantel — credenciais de %s", "Geradas em %s por %s", "Perfil: %s — %s",
		"Cada conta deve trocar a senha no primeiro acesso.",
		"Guarde este arquivo em local seguro e apague-o depois de entregar as senhas.",
		"usuário\te-mail\tsenha"},
	"pl": {"Plantel — dane logowania dla %s", "Wygenerowano %s przez %s", "Profil: %s — %s",
		"Każde konto musi zmienić hasło przy pierwszym logowaniu.",
		"Przechowuj ten plik bezpiecznie i usuń go po przekazaniu haseł.",
		"użytkownik\te-mail\thasło"},
}

// credentialsText is the credentials .txt (F2.5): a header in the creator's language with
// the organization, the date (UTC), who made them and the profile, then one tab-separated
// line per account: username, e-mail, password. Lines end with CRLF so Notepad shows them.
func credentialsText(lang, org, who, profile string, at time.Time, list []BulkAccount) string {
	t, ok := credentialsTexts[lang]
	if !ok {
		t = credentialsTexts["es"]
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\r\n") }
	line(fmt.Sprintf(t[0], org))
	line(fmt.Sprintf(t[1], at.UTC().Format("2006-01-02 15:04 UTC"), who))
	line(fmt.Sprintf(t[2], profile, accountsPhrase(lang, len(list))))
	line(t[3])
	line(t[4])
	line("")
	line(t[5])
	for _, a := range list {
		line(a.Username + "\t" + a.Email + "\t" + a.Password)
	}
	return b.String()
}

// credentialsFileName is the suggested name of the credentials file.
func credentialsFileName(at time.Time) string {
	return "plantel-credentials-" + at.UTC().Format("2006-01-02-1504") + ".txt"
}

// accountsWords are "account" in the forms a count needs: one, few (Polish 2–4, not 12–14), many.
var accountsWords = map[string][3]string{
	"es": {"cuenta", "cuentas", "cuentas"},
	"en": {"account", "accounts", "accounts"},
	"pt": {"conta", "contas", "contas"},
	"pl": {"konto", "konta", "kont"},
}

// accountsPhrase is n accounts in lang with the noun agreeing with n ("1 cuenta", "3 konta",
// "5 kont"), as the window's plural forms say counts.
func accountsPhrase(lang string, n int) string {
	w, ok := accountsWords[lang]
	if !ok {
		w = accountsWords["es"]
	}
	form := 2
	switch {
	case n == 1:
		form = 0
	case lang != "pl":
		form = 1
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		form = 1
	}
	return fmt.Sprintf("%d %s", n, w[form])
}
