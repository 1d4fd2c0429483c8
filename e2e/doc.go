// Package e2e holds goflare's black-box tests: they build the real binary once, start
// `goflare dev --port 0` on a temporary copy of a fixture, and assert on HTTP responses,
// on the process's output and on the state left on disk.
package e2e
