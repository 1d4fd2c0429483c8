// Package config finds and reads a Worker project's wrangler.toml, wrangler.json or
// wrangler.jsonc and turns it into a typed Worker description.
//
// Problems come back as data (Diagnostics naming file, line, column and field), never
// printed here. This package must not import goja or any other goflare package.
package config
