//go:build !windows

package main

import (
	"os"
	"syscall"

	"github.com/rs/zerolog"
)

// relaunch replaces this process with a fresh start of the app (after a restore, or
// "Try again" in the recovery window). Every file this process opened is close-on-exec.
func relaunch(args []string, log zerolog.Logger) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	log.Info().Msg("relaunching")
	return syscall.Exec(exe, append([]string{exe}, args...), os.Environ())
}
