package webapi

import "fmt"

// LogLevel is how much is printed, as wrangler's --log-level: each level prints what the
// ones below it print. The zero value is wrangler's default, LogLog.
type LogLevel int

// The levels, in wrangler's order.
const (
	LogNone LogLevel = iota - 4
	LogError
	LogWarn
	LogInfo
	LogLog
	LogDebug
)

// ParseLogLevel reads a --log-level value (or WRANGLER_LOG's).
func ParseLogLevel(s string) (LogLevel, error) {
	switch s {
	case "none":
		return LogNone, nil
	case "error":
		return LogError, nil
	case "warn":
		return LogWarn, nil
	case "info":
		return LogInfo, nil
	case "log", "":
		return LogLog, nil
	case "debug":
		return LogDebug, nil
	}
	return 0, fmt.Errorf("Invalid values:\n  Argument: log-level, Given: %q, Choices: \"debug\", \"info\", \"log\", \"warn\", \"error\", \"none\"", s)
}
