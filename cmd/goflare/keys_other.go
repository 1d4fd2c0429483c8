//go:build !linux && !darwin

package main

import "os"

// rawTerminal: keyboard shortcuts are not offered on this platform.
func rawTerminal() (restore func(), ok bool) { return nil, false }

// isTerminal reports whether f is a character device, the best guess without termios.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
