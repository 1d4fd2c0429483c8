package devserver

import (
	"bytes"
	"io"

	"github.com/goflare/goflare/runtime/webapi"
)

// LevelFilter returns a writer that passes on to w the writes level prints, as wrangler's
// --log-level does; each write is one message. On stdout the Ready line and the
// "[goflare:info]" lines (request logs, reloads) are info, the rest (the bindings table,
// the banner-like lines) log. On stderr "[goflare:warn]" lines and "▲ [WARNING]" blocks
// are warnings, the rest errors. At the default level it is w itself.
func LevelFilter(w io.Writer, level webapi.LogLevel, stderr bool) io.Writer {
	if level >= webapi.LogLog {
		return w
	}
	return &levelFilter{w: w, level: level, stderr: stderr}
}

type levelFilter struct {
	w      io.Writer
	level  webapi.LogLevel
	stderr bool
}

func (f *levelFilter) Write(p []byte) (int, error) {
	if f.level >= messageLevel(p, f.stderr) {
		return f.w.Write(p)
	}
	return len(p), nil
}

// messageLevel is the level from which a message is printed.
func messageLevel(p []byte, stderr bool) webapi.LogLevel {
	if stderr {
		if bytes.HasPrefix(p, []byte("[goflare:warn]")) || bytes.HasPrefix(p, []byte("▲ [WARNING]")) {
			return webapi.LogWarn
		}
		return webapi.LogError
	}
	if bytes.HasPrefix(p, []byte("[goflare:info]")) || bytes.HasPrefix(p, []byte("Ready on ")) {
		return webapi.LogInfo
	}
	return webapi.LogLog
}

// LogLevel is how much goflare dev prints (--log-level).
type LogLevel = webapi.LogLevel

// ParseLogLevel reads a --log-level value (or WRANGLER_LOG's): debug, info, log, warn,
// error or none; "" is log.
func ParseLogLevel(s string) (LogLevel, error) { return webapi.ParseLogLevel(s) }
