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

// devFlags are the flags of `goflare dev`.
type devFlags struct {
	config    string
	ip        string
	port      int
	persistTo string
	kvOpLimit int
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
	return cmd
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
	l, err := loadWorker(f.config, args, cwd, f.env, stderr)
	if err != nil {
		return err
	}
	w := l.w
	for _, file := range w.SecretsFiles {
		fmt.Fprintf(stdout, "Using secrets defined in %s\n", file)
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
	persist := ""
	if f.persistTo != "" {
		persist = f.persistTo
		if !filepath.IsAbs(persist) && persist != devserver.MemoryPersist {
			persist = filepath.Join(cwd, persist)
		}
	}
	apiToken, err := apiToken(f.ip, stderr)
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
		TestScheduled:  f.testSched,
		TestControls:   f.controls,
		VarOverrides:   overrides,
		LocalProtocol:  f.protocol,
		Watch:          f.watch,
		RunCrons:       f.runCrons,
		ReadyHint:      terminalHint(),
		ConfigPath:     l.configPath,
		LoadOptions:    l.opts,
		ScriptOverride: l.script,
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
	restore := shortcuts(ctx, cancel, srv.URL, stdout)
	defer restore()
	return srv.Run(ctx)
}

// terminalHint is the shortcuts line, when stdin is a terminal.
func terminalHint() string {
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

func loadWorker(configPath string, args []string, cwd, env string, stderr io.Writer) (*loaded, error) {
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
		case err == config.ErrNotFound && script != "":
			// A script without a config: serve it with no bindings.
			return &loaded{w: &config.Worker{Path: filepath.Join(cwd, "wrangler.toml"), Dir: cwd, Main: script,
				CompatibilityDate: time.Now().In(hostZone).Format("2006-01-02")}, script: script}, nil
		default:
			return nil, fmt.Errorf("%v in %s or any parent directory; pass --config or a script path", err, start)
		}
	}
	opts := config.LoadOptions{
		Env:    env,
		Today:  time.Now().In(hostZone).Format("2006-01-02"),
		Getenv: os.Getenv,
	}
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
