// Command goflare runs Cloudflare Workers locally: `goflare dev` bundles a worker from its
// wrangler.toml / wrangler.json / wrangler.jsonc, runs it in goja with its bindings (KV
// namespaces on SQLite, vars) and serves it over HTTP.
//
// This is the only package that touches os.Args, the environment, stdout/stderr, signals
// and exit codes. It may import devserver, config and kvstore.
package main
