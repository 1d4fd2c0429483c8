//go:build unix

package e2e

import (
	"os/exec"
	"syscall"
)

// inOwnGroup makes cmd the leader of a new process group, so that killGroup reaches the
// children it starts (wrangler's launcher runs its CLI, which runs workerd).
func inOwnGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// killGroup kills cmd's process group.
func killGroup(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
