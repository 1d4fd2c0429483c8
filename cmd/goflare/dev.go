package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goflare/goflare/cfapi"
	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/devserver"
	"github.com/spf13/cobra"
)

// maxIsolates bounds --isolates: each isolate holds the worker's module state and a
// goroutine; more than the cores only queues the same work differently.
const maxIsolates = 64

// devFlags are the flags of `goflare dev`.
type devFlags struct {
	config    string
	ip        string
	port      int
	persistTo string
	kvOpLimit int
	isolates  int
	testSched bool
	env       string
	vars      []string
	cwd       string
	protocol  string
	watch     bool
	runCrons  bool
	controls  bool
	lifeline  bool
	remote    bool

	// wrangler dev's build and config flags
	name        string
	compatDate  string
	compatFlags []string
	defines     []string
	aliases     []string
	minify      bool
	noBundle    bool
	tsconfig    string
	jsxFactory  string
	jsxFragment string
	envFiles    []string
	logLevel    string
	local       bool
	latest      bool
	interactive bool
	httpsKey    string
	httpsCert   string
	liveReload  bool
	assets      string

	// production KV's behaviour
	kvWriteLimit  bool
	kvConsistency string
	kvCacheTTL    bool
	kvQuota       string
}

func newDevCommand(stdout, stderr io.Writer) *cobra.Command {
	var f devFlags
	cmd := &cobra.Command{
		Use:   "dev [script]",
		Short: "Serve a worker locally, with its KV state persisted between runs",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDev(cmd, f, args, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.config, "config", "c", "", "path to wrangler.toml, wrangler.json or wrangler.jsonc (default: looked up from the current directory)")
	fl.StringVar(&f.ip, "ip", "127.0.0.1", "IP address to listen on")
	fl.IntVar(&f.port, "port", 8787, "port to listen on (default: dev.port, else the first free of 8787-8797; 0 picks any free port)")
	fl.StringVar(&f.persistTo, "persist-to", "", "directory for local state (default: .wrangler/state next to the config); :memory: keeps it in memory, nothing on disk")
	fl.IntVar(&f.kvOpLimit, "kv-op-limit", 1000, "KV operations allowed per invocation (0 turns the limit off)")
	fl.IntVar(&f.isolates, "isolates", 1, "isolates serving the worker, each on its own core (each has its own module-scope state; wrangler dev runs one)")
	fl.BoolVar(&f.testSched, "test-scheduled", false, "serve /__scheduled?cron= to fire the scheduled handler")
	fl.StringVarP(&f.env, "env", "e", "", "environment of the config to use (default: $CLOUDFLARE_ENV)")
	fl.StringArrayVar(&f.vars, "var", nil, "KEY:VALUE, a var that overrides the config's and the secrets (repeatable)")
	fl.StringVar(&f.cwd, "cwd", "", "run as if started in this directory")
	fl.StringVar(&f.protocol, "local-protocol", "http", "http or https (a self-signed certificate)")
	fl.BoolVar(&f.watch, "watch", true, "reload the worker when its files change (--watch=false to turn off)")
	fl.BoolVar(&f.runCrons, "run-crons", false, "fire triggers.crons on their schedule (UTC)")
	fl.BoolVar(&f.controls, "test-controls", false, "serve /__goflare/ routes for tests: reset, seed and read KV state, move the clock")
	fl.BoolVar(&f.remote, "remote", false, "every KV binding uses its real namespace (its id) over Cloudflare's REST API: CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL), CLOUDFLARE_API_BASE_URL")
	fl.BoolVar(&f.lifeline, "exit-on-stdin-close", false, "stop when standard input closes (for a parent process that spawns goflare: it never outlives the parent)")
	fl.StringVar(&f.name, "name", "", "name of the Worker (replaces the config's)")
	fl.StringVar(&f.compatDate, "compatibility-date", "", "date to use for compatibility checks (replaces the config's)")
	fl.StringArrayVar(&f.compatFlags, "compatibility-flags", nil, "flags to use for compatibility checks (replace the config's; repeatable)")
	fl.StringArrayVar(&f.compatFlags, "compatibility-flag", nil, "the same as --compatibility-flags")
	fl.StringArrayVar(&f.defines, "define", nil, "KEY:VALUE, an identifier replaced by a JavaScript expression at build time (repeatable; added to the config's define)")
	fl.StringArrayVar(&f.aliases, "alias", nil, "MODULE:REPLACEMENT, a module replaced at build time (repeatable; added to the config's alias)")
	fl.BoolVar(&f.minify, "minify", false, "minify the script (stacks still point at your sources)")
	fl.BoolVar(&f.noBundle, "no-bundle", false, "as wrangler's: define and minify are not applied (goflare still converts the modules for its engine)")
	fl.StringVar(&f.tsconfig, "tsconfig", "", "path to a custom tsconfig.json")
	fl.StringVar(&f.jsxFactory, "jsx-factory", "", "the function called for each JSX element")
	fl.StringVar(&f.jsxFragment, "jsx-fragment", "", "the function called for each JSX fragment")
	fl.StringArrayVar(&f.envFiles, "env-file", nil, "an .env file to read secrets from instead of .dev.vars and .env (repeatable; later files win)")
	fl.StringVar(&f.logLevel, "log-level", "", "how much to print: debug, info, log, warn, error or none (default: $WRANGLER_LOG, else log)")
	fl.BoolVar(&f.kvWriteLimit, "kv-write-limit", false, "a second write to a KV key within 1 s fails with production's 429 (config: [goflare] kv_write_limit)")
	fl.StringVar(&f.kvConsistency, "kv-consistency", "", "strong, or eventual[=DURATION]: a KV write is seen by other invocations only after DURATION (default 60s) on the goflare clock (config: [goflare] kv_consistency)")
	fl.BoolVar(&f.kvCacheTTL, "kv-cache-ttl", false, "a KV get with cacheTtl keeps its value in the isolate for that long, as an edge location does (config: [goflare] kv_cache_ttl)")
	fl.StringVar(&f.kvQuota, "kv-quota", "", "free: the free plan's daily KV operations, refused with production's error once spent (config: [goflare] kv_quota)")
	fl.StringVar(&f.assets, "assets", "", "a directory of static assets to serve (replaces the config's assets.directory; with no main, an assets-only project)")
	fl.BoolVar(&f.liveReload, "live-reload", false, "reload HTML pages in the browser when the worker reloads")
	fl.StringVar(&f.httpsKey, "https-key-path", "", "a certificate key for --local-protocol https, with --https-cert-path (default: a self-signed certificate)")
	fl.StringVar(&f.httpsCert, "https-cert-path", "", "a certificate for --local-protocol https, with --https-key-path")
	fl.BoolVarP(&f.local, "local", "l", false, "run locally with remote bindings disabled")
	fl.BoolVar(&f.latest, "latest", true, "accepted for wrangler's sake: goflare has one runtime")
	fl.BoolVar(&f.interactive, "show-interactive-dev-session", true, "the keyboard shortcuts, when the terminal is interactive")
	for _, name := range []string{"latest"} {
		fl.MarkHidden(name)
	}
	refuseFlags(cmd)
	cmd.SetFlagErrorFunc(devFlagError)
	return cmd
}

// refusedFlags are wrangler dev's flags goflare does not support, each with why and what
// to do instead. They are accepted by the parser (hidden), so the refusal names them.
var refusedFlags = []struct {
	name, short string
	value       bool // takes a value
	why         string
}{
	{"inspector-port", "", true, "goflare has no DevTools inspector: stacks are source-mapped in the terminal and in the 500 page; debug with console.log"},
	{"inspector-ip", "", true, "goflare has no DevTools inspector: stacks are source-mapped in the terminal and in the 500 page; debug with console.log"},
	{"routes", "", true, "routes only matter on Cloudflare's network: locally every request goes to the worker; leave the flag out"},
	{"route", "", true, "routes only matter on Cloudflare's network: locally every request goes to the worker; leave the flag out"},
	{"host", "", true, "goflare does not rewrite requests to an upstream host: the worker sees the URL it was sent; leave the flag out"},
	{"local-upstream", "", true, "goflare does not rewrite requests to an upstream host: the worker sees the URL it was sent; leave the flag out"},
	{"upstream-protocol", "", true, "goflare does not rewrite requests to an upstream host: the worker sees the URL it was sent; leave the flag out"},
	{"types", "", false, "run `wrangler types` to generate the types"},
	{"tunnel", "", false, "goflare does not open Cloudflare Quick Tunnels: run `cloudflared tunnel --url http://127.0.0.1:8787` next to it"},
}

// refuseFlags registers the refused flags, hidden.
func refuseFlags(cmd *cobra.Command) {
	fl := cmd.Flags()
	for _, r := range refusedFlags {
		if r.value {
			fl.String(r.name, "", r.why)
		} else {
			fl.Bool(r.name, false, r.why)
		}
		fl.MarkHidden(r.name)
	}
}

// checkRefused fails when a refused flag was given, naming it and what to do.
func checkRefused(cmd *cobra.Command) error {
	for _, r := range refusedFlags {
		if cmd.Flags().Changed(r.name) {
			return fmt.Errorf("--%s is not supported by goflare: %s", r.name, r.why)
		}
	}
	return nil
}

// devFlagError says which flags exist when one does not.
func devFlagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		msg = "Unknown argument: " + name // yargs' words, as wrangler dev says them
	}
	return fmt.Errorf("%s\nRun \"goflare dev --help\" for the flags goflare supports (wrangler dev's, but for its inspector, routes and upstream host)", msg)
}

// adjuster is what the command line changes in each config read.
func (f devFlags) adjuster(cmd *cobra.Command) (func(*config.Worker), error) {
	defines, err := parsePairs("define", f.defines)
	if err != nil {
		return nil, err
	}
	aliases, err := parsePairs("alias", f.aliases)
	if err != nil {
		return nil, err
	}
	changed := cmd.Flags().Changed
	flagsGiven := changed("compatibility-flags") || changed("compatibility-flag")
	tsconfig := f.tsconfig
	if tsconfig != "" && !filepath.IsAbs(tsconfig) {
		abs, err := filepath.Abs(tsconfig)
		if err != nil {
			return nil, err
		}
		tsconfig = abs
	}
	return func(w *config.Worker) {
		if f.name != "" {
			w.Name = f.name
		}
		if flagsGiven {
			w.CompatibilityFlags = f.compatFlags
		}
		if len(defines) > 0 {
			w.Define = mergeMap(w.Define, defines)
		}
		if len(aliases) > 0 {
			w.Alias = mergeMap(w.Alias, aliases)
		}
		if changed("minify") {
			w.Minify = f.minify
		}
		if changed("no-bundle") {
			w.NoBundle = f.noBundle
		}
		if tsconfig != "" {
			w.TSConfig = tsconfig
		}
		if f.jsxFactory != "" {
			w.JSXFactory = f.jsxFactory
		}
		if f.jsxFragment != "" {
			w.JSXFragment = f.jsxFragment
		}
		if f.local {
			for i := range w.KVNamespaces {
				w.KVNamespaces[i].Remote = false
			}
		}
	}, nil
}

// parsePairs reads KEY:VALUE flags (--define, --alias).
func parsePairs(flag string, values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		k, val, ok := strings.Cut(v, ":")
		if !ok || k == "" {
			return nil, fmt.Errorf("--%s %q: expected KEY:VALUE", flag, v)
		}
		out[k] = val
	}
	return out, nil
}

// mergeMap is base with over's entries added (over wins), as a new map.
func mergeMap(base, over map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

func runDev(cmd *cobra.Command, f devFlags, args []string, stdout, stderr io.Writer) error {
	if f.cwd != "" {
		if err := os.Chdir(f.cwd); err != nil {
			return err
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	if f.env == "" {
		f.env = os.Getenv("CLOUDFLARE_ENV")
	}
	overrides, err := parseVarFlags(f.vars)
	if err != nil {
		return err
	}
	if err := checkRefused(cmd); err != nil {
		return err
	}
	if f.local && f.remote {
		return fmt.Errorf("--local and --remote cannot be used together")
	}
	if (f.httpsKey == "") != (f.httpsCert == "") {
		return fmt.Errorf("--https-key-path and --https-cert-path must be given together")
	}
	if !cmd.Flags().Changed("log-level") {
		f.logLevel = os.Getenv("WRANGLER_LOG")
	}
	level, err := devserver.ParseLogLevel(f.logLevel)
	if err != nil {
		return err
	}
	adjust, err := f.adjuster(cmd)
	if err != nil {
		return err
	}
	consistency, err := config.ParseKVConsistency(f.kvConsistency)
	if err != nil {
		return fmt.Errorf("--kv-consistency: %w", err)
	}
	if f.kvQuota != "" && f.kvQuota != "free" && f.kvQuota != "none" {
		return fmt.Errorf("--kv-quota %q: expected free or none", f.kvQuota)
	}
	base := config.LoadOptions{Env: f.env, CompatibilityDate: f.compatDate}
	for _, file := range f.envFiles {
		if !filepath.IsAbs(file) {
			file = filepath.Join(cwd, file)
		}
		base.EnvFiles = append(base.EnvFiles, file)
	}
	// What goflare prints before the server does is filtered by --log-level as well.
	out, errOut := devserver.LevelFilter(stdout, level, false), devserver.LevelFilter(stderr, level, true)
	l, err := loadWorker(f.config, args, cwd, base, errOut, f.assets != "")
	if err != nil {
		return err
	}
	w := l.w
	adjust(w)
	for _, file := range w.SecretsFiles {
		fmt.Fprintf(out, "Using secrets defined in %s\n", file)
	}
	if !cmd.Flags().Changed("ip") && w.Dev.IP != "" {
		f.ip = w.Dev.IP
	}
	if !cmd.Flags().Changed("port") {
		f.port = devserver.AutoPort
		if w.Dev.Port != 0 {
			f.port = w.Dev.Port
		}
	}
	if !cmd.Flags().Changed("local-protocol") && w.Dev.LocalProtocol != "" {
		f.protocol = w.Dev.LocalProtocol
	}
	if f.protocol != "http" && f.protocol != "https" {
		return fmt.Errorf("--local-protocol must be http or https, not %q", f.protocol)
	}
	if f.isolates < 1 || f.isolates > maxIsolates {
		return fmt.Errorf("--isolates must be a number from 1 to %d, not %d", maxIsolates, f.isolates)
	}
	persist := ""
	if f.persistTo != "" {
		persist = f.persistTo
		if !filepath.IsAbs(persist) && persist != devserver.MemoryPersist {
			persist = filepath.Join(cwd, persist)
		}
	}
	apiToken, err := apiToken(f.ip, errOut)
	if err != nil {
		return err
	}
	srv := devserver.New(devserver.Options{
		APIToken:       apiToken,
		Remote:         f.remote,
		RemoteKV:       remoteKV(),
		Worker:         w,
		IP:             f.ip,
		Port:           f.port,
		PersistDir:     persist,
		KVOpLimit:      f.kvOpLimit,
		Isolates:       f.isolates,
		TestScheduled:  f.testSched,
		TestControls:   f.controls,
		VarOverrides:   overrides,
		LocalProtocol:  f.protocol,
		Watch:          f.watch,
		RunCrons:       f.runCrons,
		ReadyHint:      readyHint(f.interactive),
		ConfigPath:     l.configPath,
		LoadOptions:    l.opts,
		ScriptOverride: l.script,
		Adjust:         adjust,
		LogLevel:       level,
		LiveReload:     f.liveReload,
		AssetsDir:      assetsDir(f.assets, cwd),
		KVWriteLimit:   f.kvWriteLimit,
		KVConsistency:  consistency,
		KVCacheTTL:     f.kvCacheTTL,
		KVQuota:        f.kvQuota,
		HTTPSKeyPath:   f.httpsKey,
		HTTPSCertPath:  f.httpsCert,
		Stdout:         stdout,
		Stderr:         stderr,
	})
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return &exitError{code: 130} // stopped while starting (Ctrl-C, SIGTERM)
		}
		return err
	}
	if f.lifeline {
		// The parent holds the other end of stdin: when it exits, however it exits,
		// the pipe closes and goflare stops as on Ctrl-C.
		go func() {
			io.Copy(io.Discard, os.Stdin)
			cancel()
		}()
	}
	if f.interactive {
		restore := shortcuts(ctx, cancel, srv.URL, stdout)
		defer restore()
	}
	return srv.Run(ctx)
}

// readyHint is the shortcuts line, when they are on and stdin is a terminal.
func readyHint(interactive bool) string {
	if !interactive {
		return ""
	}
	if restore, ok := rawTerminal(); ok {
		restore()
		return shortcutsHint
	}
	return ""
}

// loadWorker finds and reads the config (--config, else the walk-up lookup from the
// script's directory or cwd), prints its diagnostics, and applies a script argument.
// loaded is the worker to serve and how to read it again on reload.
type loaded struct {
	w          *config.Worker
	configPath string
	opts       config.LoadOptions
	script     string
}

func loadWorker(configPath string, args []string, cwd string, opts config.LoadOptions, stderr io.Writer, assets bool) (*loaded, error) {
	script := ""
	if len(args) == 1 {
		script = args[0]
		if !filepath.IsAbs(script) {
			script = filepath.Join(cwd, script)
		}
	}
	if configPath == "" {
		start := cwd
		if script != "" {
			start = filepath.Dir(script)
		}
		found, err := config.Find(start)
		switch {
		case err == nil:
			configPath = found
		case err == config.ErrNotFound && (script != "" || assets):
			// A script (or --assets) without a config: serve it with no bindings.
			date := opts.CompatibilityDate
			if date == "" {
				date = time.Now().In(hostZone).Format("2006-01-02")
			}
			return &loaded{w: &config.Worker{Path: filepath.Join(cwd, "wrangler.toml"), Dir: cwd, Main: script,
				CompatibilityDate: date}, script: script}, nil
		default:
			return nil, fmt.Errorf("%v in %s or any parent directory; pass --config or a script path", err, start)
		}
	}
	opts.Today = time.Now().In(hostZone).Format("2006-01-02")
	opts.Getenv = os.Getenv
	w, diags, err := config.Load(configPath, opts)
	if err != nil {
		return nil, err
	}
	devserver.PrintDiagnostics(stderr, cwd, diags)
	if diags.HasErrors() {
		return nil, &exitError{code: 1}
	}
	if script != "" {
		w.Main = script
	}
	return &loaded{w: w, configPath: configPath, opts: opts, script: script}, nil
}

// parseVarFlags reads --var KEY:VALUE flags.
func parseVarFlags(flags []string) ([]config.Var, error) {
	var out []config.Var
	for _, f := range flags {
		k, v, ok := strings.Cut(f, ":")
		if !ok || k == "" {
			return nil, fmt.Errorf("--var %q: expected KEY:VALUE", f)
		}
		out = append(out, config.Var{Name: k, Value: v})
	}
	return out, nil
}

// apiToken is the bearer token the KV REST API requires: none when the server listens on
// loopback only; else GOFLARE_API_TOKEN, or a random one printed at start-up (anyone who
// can reach the address could otherwise read and write the KV state).
func apiToken(ip string, stderr io.Writer) (string, error) {
	if host := strings.Trim(ip, "[]"); host == "localhost" || net.ParseIP(host) != nil && net.ParseIP(host).IsLoopback() {
		return "", nil
	}
	if t := os.Getenv("GOFLARE_API_TOKEN"); t != "" {
		return t, nil
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	t := hex.EncodeToString(b)
	fmt.Fprintf(stderr, "[goflare:info] --ip %s is not a loopback address: the KV REST API requires \"Authorization: Bearer %s\" (set GOFLARE_API_TOKEN to choose the token)\n", ip, t)
	return t, nil
}

// remoteKV is the Cloudflare API client remote KV bindings use, from the variables
// wrangler reads; nil without an account id and credentials.
func remoteKV() *cfapi.Client {
	c := &cfapi.Client{
		BaseURL:   os.Getenv("CLOUDFLARE_API_BASE_URL"),
		AccountID: os.Getenv("CLOUDFLARE_ACCOUNT_ID"),
		Token:     os.Getenv("CLOUDFLARE_API_TOKEN"),
		APIKey:    os.Getenv("CLOUDFLARE_API_KEY"),
		Email:     os.Getenv("CLOUDFLARE_EMAIL"),
	}
	if c.BaseURL == "" {
		c.BaseURL = os.Getenv("CF_API_BASE_URL") // wrangler's deprecated name
	}
	if c.BaseURL == "" {
		c.BaseURL = cfapi.DefaultBaseURL
	}
	if c.AccountID == "" || (c.Token == "" && (c.APIKey == "" || c.Email == "")) {
		return nil
	}
	return c
}

// assetsDir is --assets as an absolute path ("" when not given).
func assetsDir(dir, cwd string) string {
	if dir == "" || filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(cwd, dir)
}
