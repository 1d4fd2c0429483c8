//go:build !unix

package runtime

import "time"

// processCPUTime is the wall time since start here, where no CPU clock is read: the CPU
// limit counts wall time.
func processCPUTime() time.Duration { return time.Since(processStart) }
