//go:build !unix

package e2e

import "os/exec"

// inOwnGroup does nothing where there are no process groups.
func inOwnGroup(cmd *exec.Cmd) {}

// killGroup kills cmd (its children may outlive it here).
func killGroup(cmd *exec.Cmd) { cmd.Process.Kill() }
