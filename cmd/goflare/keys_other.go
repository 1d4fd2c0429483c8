//go:build !linux && !darwin

package main

// rawTerminal: keyboard shortcuts are not offered on this platform.
func rawTerminal() (restore func(), ok bool) { return nil, false }
