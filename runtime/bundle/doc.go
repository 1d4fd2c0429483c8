// Package bundle turns a Worker's entry file (.ts, .js, .mjs and what it imports) into one
// classic script that goja can run, with an inline source map, the list of input files
// (for the watcher) and the detected format (modules or service-worker).
//
// It wraps esbuild's Go API and must not import goja or any other goflare package.
// Problems come back as data (Messages with file, line and column), never printed here.
package bundle
