package accounts

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/plantel/plantel/backend/apperr"
)

// Why a test e-mail failed, as params.reason of mail_failed: the Owner setting up SMTP
// needs to know which setting to look at, without the server's raw text on the screen.
const (
	MailReasonConnect  = "connect"  // the server could not be reached (host, port, firewall)
	MailReasonTimeout  = "timeout"  // the server did not answer in time
	MailReasonTLS      = "tls"      // the TLS handshake or STARTTLS failed (TLS mode, certificate)
	MailReasonAuth     = "auth"     // the server refused the username/password, or asks for them
	MailReasonRejected = "rejected" // the server refused the sender or the recipient address
	MailReasonOther    = "other"
)

// MailReasons lists every params.reason of mail_failed.
var MailReasons = []string{MailReasonConnect, MailReasonTimeout, MailReasonTLS, MailReasonAuth, MailReasonRejected, MailReasonOther}

// mailFailed is the mail_failed error of a failed delivery, with the reason the window tells.
func mailFailed(err error) error {
	return apperr.New(CodeMailFailed).WithParam("reason", MailFailureReason(err))
}

// MailFailureReason sorts a delivery error into one of MailReasons. go-mail wraps the
// network and SMTP errors in its own texts, so the classification reads both the error
// chain and the text (SMTP reply codes included).
func MailFailureReason(err error) string {
	if err == nil {
		return ""
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return MailReasonTimeout
	}
	text := strings.ToLower(err.Error())
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("timeout", "timed out", "deadline exceeded"):
		return MailReasonTimeout
	case has("tls", "x509", "certificate", "handshake"):
		return MailReasonTLS
	case has("auth", " 535", " 534", " 530", "credentials"):
		return MailReasonAuth
	case has("connection refused", "no such host", "dial ", "network is unreachable", "no route to host", "connection reset"):
		return MailReasonConnect
	case has("rcpt", "recipient", "mail from", "sender", " 550", " 553", " 554", " 551"):
		return MailReasonRejected
	}
	return MailReasonOther
}
