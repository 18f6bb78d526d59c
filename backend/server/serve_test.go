package server_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

func TestPlainHTTPOnlyOnLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:80": true, "127.8.9.1:1": true, "[::1]:443": true, "localhost:8443": true,
		"0.0.0.0:80": false, ":8443": false, "10.0.0.5:80": false, "[::]:80": false, "example.org:80": false, "garbage": false} {
		if got := server.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
	err := server.Serve(context.Background(), server.ServeConfig{Addr: "0.0.0.0:0", Handler: http.NotFoundHandler(), Log: zerolog.Nop()})
	if err == nil || !strings.Contains(err.Error(), "refusing plain HTTP") {
		t.Fatalf("Serve on 0.0.0.0 without TLS: %v", err)
	}
}

// writeCert makes a self-signed certificate for 127.0.0.1.
func writeCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "plantel test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}

func TestServeTLSAndGracefulShutdown(t *testing.T) {
	certFile, keyFile, pool := writeCert(t)
	st, err := server.OpenStorage(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, server.ServeConfig{Addr: "127.0.0.1:0", TLSCert: certFile, TLSKey: keyFile,
			Handler: server.New(server.Config{Storage: st, Log: zerolog.Nop()}), Log: zerolog.Nop(), Ready: func(a string) { ready <- a }})
	}()
	addr := <-ready
	cl := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := cl.Get("https://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("https healthz: %v", err)
	}
	resp.Body.Close()
	if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("plain HTTP on the TLS port: %d", resp.StatusCode)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve after shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
}

func TestRestartKeepsDataAndDevices(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		o.srv.Restart(t)
		// Same URL, same token, same data: nothing lived only in the old process.
		rep, all := o.owner.pullAll()
		if len(all) != 11 || !rep["users/"+ownerID].Live() {
			t.Fatalf("after restart: %d changes", len(all))
		}
		o.owner.mustAccept(o.owner.change("users", agentA, map[string]any{"username": "agentb-renamed"}))
		if r := o.owner.rejected(o.owner.change("users", agentA, map[string]any{"username": "AgentB"})); r.Code != "conflict_unique" {
			t.Fatalf("unique keys after restart: %+v", r)
		}
	})
}

func TestDefaultRequestLimits(t *testing.T) {
	if server.MaxCompressedBody != 32<<20 || syncwire.MaxBodyBytes != 64<<20 || syncwire.MaxBatchChanges != 10000 || server.MaxPullLimit != 5000 {
		t.Fatal("the documented limits changed: update docs/sync.md")
	}
}
