package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The server binary links no GUI library: nothing of Wails, GTK or WebKit in its imports.
func TestNoGUILibraryLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(out)) {
		l := strings.ToLower(p)
		if strings.Contains(l, "wails") || strings.Contains(l, "gtk") || strings.Contains(l, "webkit") || strings.Contains(l, "webview") {
			t.Errorf("plantel-server depends on %s", p)
		}
	}
}

// build compiles the binary with CGO_ENABLED=0, as the release does.
func build(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "plantel-server")
	const v = "github.com/plantel/plantel/backend/version"
	cmd := exec.Command("go", "build", "-ldflags", "-X "+v+".Version=9.8.7 -X "+v+".Commit=abc123def456 -X "+v+".Date=2026-12-06T07:00:00Z", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	return bin
}

func TestBinaryServesEnrollsAndShutsDownGracefully(t *testing.T) {
	bin := build(t)
	if out, err := exec.Command(bin, "--version").Output(); err != nil || strings.TrimSpace(string(out)) != "plantel-server 9.8.7 (commit abc123def456, built 2026-12-06T07:00:00Z)" {
		t.Fatalf("--version: %q %v", out, err)
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "org.db")
	// Plain HTTP off loopback: refused before anything else happens.
	cmd := exec.Command(bin, "serve", "--addr", "0.0.0.0:0", "--db", db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "refusing plain HTTP") {
		t.Fatalf("serve on 0.0.0.0 without TLS: %v %s", err, stderr.String())
	}
	// enroll-code prints the code alone on the last line of stdout.
	out, err := exec.Command(bin, "enroll-code", "--db", db).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	code := lines[len(lines)-1]
	if len(code) != 19 || strings.Count(code, "-") != 3 {
		t.Fatalf("enroll-code last line %q", code)
	}

	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	pipe, _ := srv.StderrPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Process.Kill() }() // on the way out; after the clean stop below it is gone already
	sc := bufio.NewScanner(pipe)
	var addr string
	var logs []string
	for sc.Scan() {
		logs = append(logs, sc.Text())
		var e struct{ Message, Addr string }
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Message == "listening" {
			addr = e.Addr
			break
		}
	}
	if addr == "" {
		t.Fatalf("no listening line in %v", logs)
	}
	readDone := make(chan struct{})
	go func() {
		for sc.Scan() {
			logs = append(logs, sc.Text())
		}
		close(readDone)
	}()
	resp, err := http.Post("http://"+addr+"/v1/enroll", "application/json", strings.NewReader(`{"code":"`+code+`","device_name":"desk"}`))
	if err != nil {
		t.Fatal(err)
	}
	var enrolled struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&enrolled); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || enrolled.Token == "" {
		t.Fatalf("enroll with the CLI's code: %d", resp.StatusCode)
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		<-readDone // the log is read to its end before Wait closes the pipe
		done <- srv.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no graceful exit")
	}
	all := strings.Join(logs, "\n")
	// JSON logs with no secret: neither the code nor the token.
	if strings.Contains(all, code) || strings.Contains(all, enrolled.Token) || !strings.Contains(all, `"message":"stopped"`) {
		t.Fatalf("log:\n%s", all)
	}
}
