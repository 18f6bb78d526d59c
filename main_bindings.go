//go:build bindings

package main

// wails generate module (scripts/gen-bindings.sh) builds this program with the bindings tag and
// runs it to read the bound services. That run opens a database in a throwaway directory, never
// the user's: a data file in another state (newer schema, damaged) would start the recovery
// window with only its two services, and the generated bindings would silently lose the rest.
func init() { generatingBindings = true }
