//go:build dev

package main

const devMode = true
