//go:build windows

package main

import (
	"os"
	"os/exec"

	"github.com/rs/zerolog"
)

// relaunch starts the app again and lets this process end; the new one waits a moment so
// this one's single-instance lock is gone.
func relaunch(args []string, log zerolog.Logger) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	log.Info().Msg("relaunching")
	return exec.Command(exe, append(args, "--restart-delay=2s")...).Start()
}
