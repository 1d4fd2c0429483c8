//go:build unix

package runtime

import (
	"syscall"
	"time"
)

// processCPUTime is the CPU time the whole process has used (user and system), which
// the CPU limit charges a long job with (see jobGuard.arm). Where it cannot be read it
// is the wall time since start, so the limit counts wall time.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return time.Since(processStart)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
