// plantel-pkg builds Plantel's Debian package with nfpm (as a Go module, so no outside
// tool is needed): the binary in /usr/bin, a .desktop entry and the icon, and the
// dependencies a Debian or Ubuntu desktop needs to run it (GTK 3, WebKitGTK 4.1).
//
//	go run ./scripts/plantel-pkg -bin build/bin/plantel -version 1.2.0 -out build/bin/
//
// It lives in its own Go module so the application's go.mod does not carry nfpm.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
)

const desktopEntry = `[Desktop Entry]
Type=Application
Name=Plantel
GenericName=Contact-center people administration
GenericName[es]=Administración de personas del centro de contacto
GenericName[pt]=Administração de pessoas da central de atendimento
GenericName[pl]=Administracja zespołem contact center
Comment=Administer agents, teams, campaigns and client portfolios, offline first
Exec=plantel
Icon=plantel
Terminal=false
Categories=Office;
StartupWMClass=plantel
`

func main() {
	bin := flag.String("bin", "build/bin/plantel", "the Linux binary to package")
	icon := flag.String("icon", "build/appicon.png", "the application icon (PNG)")
	version := flag.String("version", "0.1.0", "package version (Debian form: no leading v)")
	arch := flag.String("arch", "amd64", "Debian architecture")
	out := flag.String("out", "build/bin", "directory for the .deb")
	flag.Parse()
	if err := run(*bin, *icon, strings.TrimPrefix(*version, "v"), *arch, *out); err != nil {
		fmt.Fprintln(os.Stderr, "plantel-pkg:", err)
		os.Exit(1)
	}
}

func run(bin, icon, version, arch, out string) error {
	tmp, err := os.MkdirTemp("", "plantel-pkg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	desktop := filepath.Join(tmp, "plantel.desktop")
	if err := os.WriteFile(desktop, []byte(desktopEntry), 0o644); err != nil {
		return err
	}
	info := &nfpm.Info{
		Name:        "plantel",
		Arch:        arch,
		Platform:    "linux",
		Version:     version,
		Section:     "office",
		Priority:    "optional",
		Maintainer:  "Plantel <dev@plantel.local>",
		Description: "Plantel: administer contact-center people, offline first.\nAgents and administrators, profiles, teams, campaigns and client portfolios, in a local SQLite file; optional sync with a central server.",
		Vendor:      "Plantel",
		Homepage:    "https://plantel.local",
		License:     "Proprietary",
		Overridables: nfpm.Overridables{
			Depends: []string{"libgtk-3-0 | libgtk-3-0t64", "libwebkit2gtk-4.1-0"},
			Contents: files.Contents{
				{Source: bin, Destination: "/usr/bin/plantel", FileInfo: &files.ContentFileInfo{Mode: 0o755}},
				{Source: desktop, Destination: "/usr/share/applications/plantel.desktop", FileInfo: &files.ContentFileInfo{Mode: 0o644}},
				{Source: icon, Destination: "/usr/share/icons/hicolor/512x512/apps/plantel.png", FileInfo: &files.ContentFileInfo{Mode: 0o644}},
				{Source: icon, Destination: "/usr/share/pixmaps/plantel.png", FileInfo: &files.ContentFileInfo{Mode: 0o644}},
			},
		},
	}
	info = nfpm.WithDefaults(info)
	if err := info.Validate(); err != nil {
		return err
	}
	pkger, err := nfpm.Get("deb")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	target := filepath.Join(out, pkger.ConventionalFileName(info))
	f, err := os.Create(target)
	if err != nil {
		return err
	}
	if err := pkger.Package(info, f); err != nil {
		f.Close()
		os.Remove(target)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Println(target)
	return nil
}
