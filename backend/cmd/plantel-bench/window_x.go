//go:build linux

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The window driver's hands: a private Xvfb, xdotool on it, and the app's process group.

// xserver is the private X display the app and xdotool use.
type xserver struct {
	cmd     *exec.Cmd
	display string
}

// startXvfb starts Xvfb on a free display (it writes the number it chose to fd 3).
func startXvfb() (*xserver, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("start Xvfb (apt xvfb): %w", err)
	}
	w.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if _, err := strconv.Atoi(n); err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, fmt.Errorf("no display number from Xvfb (%q)", n)
		}
		return &xserver{cmd: cmd, display: ":" + n}, nil
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, errors.New("no display from Xvfb within 20 s")
	}
}

func (x *xserver) stop() {
	_ = x.cmd.Process.Signal(syscall.SIGTERM)
	_ = x.cmd.Wait()
}

// xdo runs xdotool on the display.
func (x *xserver) xdo(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("xdotool %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// appProc is one start of the app.
type appProc struct {
	cmd     *exec.Cmd
	startMs int64 // unix milliseconds just before exec
	done    chan struct{}
	log     *markLog
	out     *tailBuffer
}

// tailBuffer keeps the last few KB of the app's output, for an error message.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(p), nil
}

func startApp(x *xserver, bin, dataDir string) (*appProc, error) {
	a := &appProc{done: make(chan struct{}), out: &tailBuffer{},
		log: newMarkLog(filepath.Join(dataDir, "logs", "plantel.log"))}
	a.cmd = exec.Command(bin, "--data-dir", dataDir, "--ui-timing")
	a.cmd.Env = append(os.Environ(), "DISPLAY="+x.display, "GDK_BACKEND=x11")
	a.cmd.Stdout, a.cmd.Stderr = a.out, a.out
	// Its own process group, so stop() ends the WebKit processes with it and nothing else.
	a.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	a.startMs = time.Now().UnixMilli()
	if err := a.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = a.cmd.Wait(); close(a.done) }()
	return a, nil
}

// wait returns the first mark named name at or after afterMs (page ≥ minPage).
func (a *appProc) wait(name string, afterMs int64, minPage int, timeout time.Duration) (uiMark, error) {
	deadline := time.Now().Add(timeout)
	for {
		if err := a.log.read(); err != nil {
			return uiMark{}, err
		}
		if m, ok := a.log.find(name, afterMs, minPage); ok {
			return m, nil
		}
		select {
		case <-a.done:
			return uiMark{}, fmt.Errorf("the app ended before %s: %s", name, a.out.b)
		default:
		}
		if time.Now().After(deadline) {
			return uiMark{}, fmt.Errorf("no %s mark (page ≥ %d) within %s", name, minPage, timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (a *appProc) stop() {
	pgid := a.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-a.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-a.done
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL) // WebKit processes left behind
	time.Sleep(200 * time.Millisecond)
}

// cpu returns the CPU time used so far by the app's process and by its web process.
func (a *appProc) cpu() (goCPU, webCPU time.Duration) {
	if p, err := procStat(a.cmd.Process.Pid); err == nil {
		goCPU = p.cpu()
	}
	if ps, err := processes(); err == nil {
		for _, w := range descendantsNamed(ps, a.cmd.Process.Pid, "WebKitWebProces") {
			if p, err := procStat(w); err == nil {
				webCPU += p.cpu()
			}
		}
	}
	return goCPU, webCPU
}

// geometry is the app's main window on the screen.
type geometry struct{ x, y, w, h int }

// window finds the app's main window (the largest window named Plantel).
func (x *xserver) window() (string, geometry, error) {
	out, err := x.xdo("search", "--sync", "--onlyvisible", "--name", "^Plantel$")
	if err != nil {
		return "", geometry{}, err
	}
	var best string
	var bg geometry
	for _, id := range strings.Fields(out) {
		g, err := x.xdo("getwindowgeometry", "--shell", id)
		if err != nil {
			continue
		}
		var cur geometry
		for _, l := range strings.Fields(g) {
			k, v, _ := strings.Cut(l, "=")
			n, _ := strconv.Atoi(v)
			switch k {
			case "X":
				cur.x = n
			case "Y":
				cur.y = n
			case "WIDTH":
				cur.w = n
			case "HEIGHT":
				cur.h = n
			}
		}
		if cur.w*cur.h > bg.w*bg.h {
			best, bg = id, cur
		}
	}
	if best == "" || bg.w < 900 {
		return "", geometry{}, fmt.Errorf("no Plantel window on %s (%q)", x.display, out)
	}
	return best, bg, nil
}
