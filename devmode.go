//go:build !dev

package main

// devMode is true in development builds (-tags dev): console logging and debug level.
const devMode = false
