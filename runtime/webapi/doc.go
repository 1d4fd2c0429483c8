// Package webapi holds the Web-platform globals a worker sees (Headers, Request, Response,
// URL, console, ...), one global or one tight family per file, installed from the single
// ordered table in globals.go.
//
// It may import runtime/jsx and nothing else of goflare's.
package webapi
