package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	goruntime "runtime"
)

// shortcuts reads single key presses while the dev server runs, when stdin is a
// terminal: b opens the worker in a browser, e the KV explorer, c clears the screen, x or q (or Ctrl-C,
// which raw mode delivers as a key) quits. ISIG stays on, so Ctrl-C also signals.
func shortcuts(ctx context.Context, cancel context.CancelFunc, url func() string, stdout io.Writer) (stop func()) {
	restore, ok := rawTerminal()
	if !ok {
		return func() {}
	}
	go func() {
		buf := make([]byte, 1)
		for ctx.Err() == nil {
			if n, err := os.Stdin.Read(buf); err != nil || n == 0 {
				return
			}
			switch buf[0] {
			case 'b', 'B':
				openBrowser(url())
			case 'e', 'E':
				openBrowser(url() + "/cdn-cgi/explorer/")
			case 'c', 'C':
				fmt.Fprint(stdout, "\033[2J\033[H")
			case 'x', 'X', 'q', 'Q', 3:
				cancel()
				return
			}
		}
	}()
	return restore
}

// shortcutsHint is printed after the Ready line when the shortcuts are on.
const shortcutsHint = "[b] open a browser, [e] open the KV explorer, [c] clear console, [x] to exit"

// openBrowser opens url with the platform's opener.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch goruntime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
