//go:build linux || darwin

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// rawTerminal puts stdin into raw mode when it is a terminal (single key presses, no
// echo) and returns the function that restores it; ok is false when stdin is no terminal.
func rawTerminal() (restore func(), ok bool) {
	fd := int(os.Stdin.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, false
	}
	raw := *old
	raw.Lflag &^= unix.ECHO | unix.ICANON
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &raw); err != nil {
		return nil, false
	}
	return func() { unix.IoctlSetTermios(fd, ioctlSetTermios, old) }, true
}

// isTerminal reports whether f is a terminal (not merely a character device such as
// /dev/null).
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	return err == nil
}
