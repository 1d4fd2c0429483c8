package devserver

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/goflare/goflare/bindings"
	"github.com/goflare/goflare/bindings/assets"
	"github.com/goflare/goflare/bindings/kv"
	"github.com/goflare/goflare/cfapi"
	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/webapi"
)

// Options configures a dev server.
type Options struct {
	Worker *config.Worker
	// IP and Port are where to listen; Port 0 picks a free port.
	IP   string
	Port int
	// PersistDir is the persist root; "" means .wrangler/state next to the config file,
	// and MemoryPersist keeps the state in memory only.
	PersistDir string
	// KVOpLimit is the KV operations allowed per invocation; 0 turns the check off.
	KVOpLimit int
	// TestScheduled enables /__scheduled (--test-scheduled).
	TestScheduled bool
	// TestControls enables the routes under /__goflare/ that reset, seed and read KV
	// state and move the clock (--test-controls, testcontrols.go).
	TestControls bool
	// VarOverrides are --var KEY:VALUE: they win over vars and secrets.
	VarOverrides []config.Var
	// LocalProtocol is "http" (default) or "https" (a self-signed certificate made at
	// start-up, as wrangler dev does).
	LocalProtocol string
	// Watch reloads the worker when its files change.
	Watch bool
	// RunCrons fires triggers.crons on their schedule (--run-crons).
	RunCrons bool
	// ReadyHint is printed after the Ready line (the keyboard shortcuts).
	ReadyHint string
	// ConfigPath and LoadOptions re-read the config on reload ("" when serving a script
	// without a config); ScriptOverride replaces its main (the script argument).
	ConfigPath     string
	LoadOptions    config.LoadOptions
	ScriptOverride string
	// Remote makes every KV binding remote (--remote), as `remote = true` makes one.
	Remote bool
	// RemoteKV is the Cloudflare API remote KV bindings call; nil when the environment
	// holds no credentials (a remote binding is then a start-up error).
	RemoteKV *cfapi.Client
	// Adjust, when not nil, changes each config read (at start and on every reload): the
	// command line's overrides (--name, --compatibility-date, --define, …).
	Adjust func(*config.Worker)
	// KVWriteLimit, KVConsistency, KVCacheTTL and KVQuota turn on production KV's
	// behaviour (--kv-write-limit, --kv-consistency, --kv-cache-ttl, --kv-quota; the
	// config's [goflare] table when not set here): see kv.Simulation.
	KVWriteLimit  bool
	KVConsistency time.Duration
	KVCacheTTL    bool
	KVQuota       string
	// AssetsDir is --assets: a directory of static assets, replacing the config's
	// assets.directory ("" for the config's).
	AssetsDir string
	// LiveReload appends wrangler dev's live-reload script to HTML responses and serves its
	// WebSocket at LiveReloadPath: the pages reload when the worker does (--live-reload).
	LiveReload bool
	// HTTPSKeyPath and HTTPSCertPath are the certificate for LocalProtocol "https"
	// (--https-key-path, --https-cert-path); "" for a self-signed one.
	HTTPSKeyPath, HTTPSCertPath string
	// LogLevel is how much is printed (--log-level); the zero value is wrangler's default.
	LogLevel webapi.LogLevel
	// APIToken, when not empty, is the bearer token the KV REST API at APIPrefix requires
	// (cmd/goflare sets one when the server listens beyond loopback).
	APIToken string
	// Isolates is how many isolates serve the worker (--isolates), each on its own
	// goroutine, so requests use that many cores; each has its own module-scope state.
	// 0 or 1 is one, as wrangler dev runs the worker.
	Isolates int
	// Stdout receives the Ready line, request logs and the worker's console.log;
	// Stderr receives errors and console.error.
	Stdout, Stderr io.Writer
}

// DefaultPersistDir is the persist root relative to the config file's directory.
const DefaultPersistDir = ".wrangler/state"

// MemoryPersist is the PersistDir (`--persist-to :memory:`) that keeps the state in
// memory: nothing is written to disk and every run starts empty.
const MemoryPersist = kvstore.MemoryPath

// KVDatabasePath returns the SQLite file under a persist root (decisions.md), or
// kvstore.MemoryPath for MemoryPersist.
func KVDatabasePath(persistDir string) string {
	if persistDir == MemoryPersist {
		return kvstore.MemoryPath
	}
	return filepath.Join(persistDir, "v3", "kv", "goflare.sqlite")
}

// Server serves one worker.
type Server struct {
	opts Options
	log  *logWriter                  // opts.Stdout, written from one goroutine
	out  io.Writer                   // log, filtered by opts.LogLevel: the server's own lines
	live liveReload                  // the pages --live-reload reloads
	site atomic.Pointer[assets.Site] // the static assets; nil when there are none

	kvSim *kv.Simulation // production KV's behaviour, when any of it is on

	testMu      sync.Mutex
	testBundles map[string]*testBundle // the vitest pool's bundles, by batch
	errLog      *logWriter             // opts.Stderr's queue (Start makes opts.Stderr write to it)
	store       *kvstore.Store
	// isos are the isolates serving now, Options.Isolates of them; one is replaced when it
	// breaks (see retire). busy counts the events each is handling (see send).
	isos []atomic.Pointer[runtime.Isolate]
	busy []atomic.Int32
	// swapMu guards what a reload replaces: the config in force, its compiled script and
	// the files it was built from.
	swapMu    sync.Mutex
	cronClock cronClock
	clock     *testClock // moved by the test controls
	worker    *config.Worker
	script    *runtime.Script
	inputs    []string
	http      *http.Server
	ln        net.Listener
	// retiring are the isolates a reload or a reset replaced, finishing their requests
	// and waitUntil work (up to runtime.CloseGrace); a shutdown hurries and waits for them.
	retiringMu sync.Mutex
	retiring   map[*runtime.Isolate]struct{}
	retired    sync.WaitGroup
}

// ShutdownGrace is how long Ctrl-C or SIGTERM lets in-flight requests and their waitUntil
// work run before goflare exits.
const ShutdownGrace = 5 * time.Second

// closeLater closes an isolate that no longer gets requests, once its work is done.
func (s *Server) closeLater(old *runtime.Isolate) {
	s.retiringMu.Lock()
	if s.retiring == nil {
		s.retiring = map[*runtime.Isolate]struct{}{}
	}
	s.retiring[old] = struct{}{}
	s.retired.Add(1)
	s.retiringMu.Unlock()
	go func() {
		defer s.retired.Done()
		old.Close()
		s.retiringMu.Lock()
		delete(s.retiring, old)
		s.retiringMu.Unlock()
	}()
}

// stopAll stops the JavaScript of every isolate now: their requests still running fail
// with runtime.ErrStopped.
func (s *Server) stopAll() {
	now := time.Now()
	s.retiringMu.Lock()
	for old := range s.retiring {
		old.Hurry(now)
	}
	s.retiringMu.Unlock()
	for i := range s.isos {
		s.isos[i].Load().CloseWithin(0)
	}
}

// New returns a server for opts. It does no I/O; Start does.
func New(opts Options) *Server {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.IP == "" {
		opts.IP = "127.0.0.1"
	}
	if opts.PersistDir == "" {
		opts.PersistDir = filepath.Join(opts.Worker.Dir, filepath.FromSlash(DefaultPersistDir))
	}
	n := max(opts.Isolates, 1)
	return &Server{opts: opts, cronClock: realCronClock, clock: &testClock{},
		isos: make([]atomic.Pointer[runtime.Isolate], n), busy: make([]atomic.Int32, n)}
}

// Start opens the KV state, builds and loads the worker and starts listening. It prints
// nothing: Run prints the Ready line once serving.
func (s *Server) Start(ctx context.Context) (err error) {
	s.log = newLogWriter(s.opts.Stdout)
	// Stderr too goes through a queue, so that no write to a stuck terminal blocks.
	s.errLog = newLogWriter(s.opts.Stderr)
	// The server's own lines are filtered by --log-level; the worker's console output is
	// filtered by its method, in the isolate.
	s.out = LevelFilter(s.log, s.opts.LogLevel, false)
	s.opts.Stderr = LevelFilter(s.errLog, s.opts.LogLevel, true)
	defer func() {
		if err != nil {
			s.log.Close()
			s.errLog.Close()
		}
	}()
	w := s.opts.Worker
	s.worker = w
	s.kvSim = s.simulation(w)
	// Before any script is compiled: see LimitRegexps (a reload keeps the first limit).
	runtime.LimitRegexps(cpuLimit(w))
	if w.Main == "" && w.Assets == nil && s.opts.AssetsDir == "" {
		return fmt.Errorf("Missing entry-point to Worker script or to assets directory\n\nIf there is code to deploy, you can either:\n- Specify an entry-point to your Worker script via the command line (ex: `goflare dev src/index.ts`)\n- Or add the following to your %s file:\n\nmain = \"src/index.ts\"", filepath.Base(w.Path))
	}
	s.store = kvstore.New(KVDatabasePath(s.opts.PersistDir), kvstore.Options{Now: s.nowFunc()})
	if err := s.store.Open(ctx); err != nil {
		return err
	}
	// A namespace a binding names exists from the first run on, as in wrangler's local
	// mode, so `goflare kv namespace list` shows it.
	if err := s.ensureNamespaces(ctx, w); err != nil {
		s.store.Close()
		return err
	}
	b, err := s.load(ctx, w)
	if err != nil {
		s.store.Close()
		return err
	}
	s.worker, s.script, s.inputs = w, b.script, b.inputs
	for i, iso := range b.isos {
		s.isos[i].Store(iso)
	}
	s.site.Store(b.site)
	s.pruneSite(ctx, b.staleSite)
	ln, err := s.listen()
	if err != nil {
		b.close()
		s.store.Close()
		return err
	}
	if s.opts.LocalProtocol == "https" {
		cert, err := s.certificate()
		if err != nil {
			ln.Close()
			return err
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}})
	} else {
		ln = lenientListener{ln, headerTimeout}
	}
	s.ln = ln
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: headerTimeout, ConnContext: withConn}
	return nil
}

// headerTimeout is how long a request's head may take to arrive from its first bytes
// (the first request's, from the connection's start): a client that never finishes one
// is disconnected rather than holding its connection for good.
const headerTimeout = 30 * time.Second

// AutoPort asks for wrangler's choice of port: the first free one of 8787…8797, else any.
const AutoPort = -1

// listen opens the port: the one asked for, or with AutoPort the first free of
// 8787…8797 (then any free port), as wrangler dev picks it.
func (s *Server) listen() (net.Listener, error) {
	if s.opts.Port != AutoPort {
		ln, err := net.Listen("tcp", net.JoinHostPort(s.opts.IP, strconv.Itoa(s.opts.Port)))
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				return nil, fmt.Errorf("port %d on %s is in use by another program. Stop it, or pick another port with --port (or dev.port in the config); --port 0 picks any free port", s.opts.Port, s.opts.IP)
			}
			return nil, fmt.Errorf("cannot listen on %s:%d: %w", s.opts.IP, s.opts.Port, err)
		}
		return ln, nil
	}
	for port := 8787; port <= 8797; port++ {
		if ln, err := net.Listen("tcp", net.JoinHostPort(s.opts.IP, strconv.Itoa(port))); err == nil {
			return ln, nil
		}
	}
	return net.Listen("tcp", net.JoinHostPort(s.opts.IP, "0"))
}

// built is one build of the worker: the isolates running it, its compiled script and the
// files it came from.
type built struct {
	site *assets.Site
	// staleSite are Workers Sites keys no file has any more: deleted once this version
	// serves.
	staleSite []string
	isos      []*runtime.Isolate // Options.Isolates of them
	script    *runtime.Script
	inputs    []string
	// empty are the inputs that were empty when the bundler read them.
	empty []string
}

// bundleOptions is how w's worker is bundled: its entry, define, rules, Node.js mode and
// the build settings.
func bundleOptions(w *config.Worker) bundle.Options {
	var rules []bundle.Rule
	for _, r := range w.Rules {
		rules = append(rules, bundle.Rule{Type: r.Type, Globs: r.Globs})
	}
	opts := bundle.Options{Entry: w.Main, Dir: w.Dir, Define: w.Define, Rules: rules,
		Node: bundle.NodeCompatFor(w.CompatibilityDate, w.CompatibilityFlags), Minify: w.Minify, TSConfig: w.TSConfig,
		JSXFactory: w.JSXFactory, JSXFragment: w.JSXFragment, Alias: w.Alias}
	if w.NoBundle {
		// wrangler hands the files to workerd as they are: nothing is defined or minified.
		opts.Define, opts.Minify = nil, false
	}
	return opts
}

// load runs the build command, bundles, compiles and starts an isolate for w. It changes
// nothing of the server's: the caller swaps it in.
func (s *Server) load(ctx context.Context, w *config.Worker) (*built, error) {
	site, err := s.loadAssets(w)
	if err != nil {
		return nil, err
	}
	if err := s.runBuildCommand(w); err != nil {
		return nil, err
	}
	opts := bundleOptions(w)
	var stale []string
	if w.Site != nil {
		if st, err := os.Stat(w.Site.Bucket); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("The \"site.bucket\" directory does not exist:\n%s", w.Site.Bucket)
		}
		manifest, old, err := s.syncSite(ctx, w.Site)
		if err != nil {
			return nil, fmt.Errorf("Workers Sites: putting %s into KV: %w", w.Site.Bucket, err)
		}
		stale = old
		var src string
		w.Site.Manifest, src = manifestSource(manifest)
		opts.Virtual = map[string]string{siteManifestModule: src}
	}
	if w.Main == "" {
		// An assets-only project: the router never calls the worker; wrangler runs its
		// no-op worker all the same.
		opts.Entry, opts.Source = filepath.Join(w.Dir, "no-op-worker.js"), noOpWorker
	}
	b, err := bundle.Build(opts)
	if err != nil {
		return nil, err
	}
	for _, m := range b.Warnings {
		fmt.Fprintf(s.opts.Stderr, "[goflare:warn] %s\n", m)
	}
	script, err := runtime.Compile(b)
	if err != nil {
		return nil, err
	}
	out := &built{site: site, staleSite: stale, script: script, inputs: b.Inputs, empty: b.Empty}
	for range s.isos {
		iso, err := s.newIsolate(ctx, w, script)
		if err != nil {
			out.close()
			return nil, err
		}
		out.isos = append(out.isos, iso)
	}
	for _, m := range out.isos[0].Warnings {
		fmt.Fprintf(s.opts.Stderr, "[goflare:warn] %s\n", m)
	}
	return out, nil
}

// close closes the build's isolates, when it is not swapped in.
func (b *built) close() {
	for _, iso := range b.isos {
		iso.Close()
	}
}

// runBuildCommand runs build.command (in build.cwd, relative to the config) before a
// bundle, as wrangler does; its output goes to the terminal.
func (s *Server) runBuildCommand(w *config.Worker) error {
	b := w.Build
	if b.Command == "" {
		return nil
	}
	fmt.Fprintf(s.opts.Stderr, "[custom build] Running: %s\n", b.Command)
	shell, flag := "sh", "-c"
	if goruntime.GOOS == "windows" {
		shell, flag = "cmd", "/C"
	}
	cmd := exec.Command(shell, flag, b.Command)
	cmd.Dir = filepath.Join(w.Dir, filepath.FromSlash(b.Cwd))
	cmd.Stdout, cmd.Stderr = s.opts.Stderr, s.opts.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("Running custom build `%s` failed: %w", b.Command, err)
	}
	return nil
}

// newIsolate starts an isolate on the compiled script with the config's bindings and
// limits.
func (s *Server) newIsolate(ctx context.Context, w *config.Worker, script *runtime.Script) (*runtime.Isolate, error) {
	cpu := cpuLimit(w)
	return runtime.NewIsolate(runtime.Options{
		Startup:         ctx,
		Script:          script,
		Bindings:        s.bindings(w),
		Stdout:          s.log,
		Stderr:          s.errLog,
		LogLevel:        s.opts.LogLevel,
		KVOpLimit:       s.opts.KVOpLimit,
		SubrequestLimit: w.Limits.Subrequests,
		CPULimit:        cpu,
		Now:             s.nowFunc(),
		Caches:          cacheStore{s.store},
		Compat:          webapi.CompatFor(w.CompatibilityDate, w.CompatibilityFlags),
	})
}

// nowFunc is the clock of the worker and its KV state: the test clock with the test
// controls, else nil (the real time).
func (s *Server) nowFunc() func() time.Time {
	if s.opts.TestControls {
		return s.clock.now
	}
	return nil
}

// now is the time by the clock of the worker.
func (s *Server) now() time.Time { return s.clock.now() }

// cpuLimit is the worker's limits.cpu_ms, or DefaultCPULimit.
func cpuLimit(w *config.Worker) time.Duration {
	if w.Limits.CPUMs > 0 {
		return time.Duration(w.Limits.CPUMs) * time.Millisecond
	}
	return DefaultCPULimit
}

// DefaultCPULimit is limits.cpu_ms when the config does not set it (decisions.md).
const DefaultCPULimit = 30 * time.Second

// send hands an event to the current isolate, and to its successor when the event never
// reached it: a reload closed it between Load and dispatch (ErrClosed), or an earlier
// request overran a limit and retired it (ErrRetired: it is replaced first, as workerd
// starts a new isolate). It returns the isolate that answered and its error.
func (s *Server) send(event func(*runtime.Isolate) error) (*runtime.Isolate, error) {
	slot := s.pick()
	s.busy[slot].Add(1)
	defer s.busy[slot].Add(-1)
	iso := s.isos[slot].Load()
	err := event(iso)
	for tries := 0; tries < 3; tries++ {
		switch {
		case errors.Is(err, runtime.ErrClosed):
		case errors.Is(err, runtime.ErrRetired):
			s.retire(iso)
		default:
			return iso, err
		}
		iso = s.isos[slot].Load()
		err = event(iso)
	}
	return iso, err
}

// pick is the slot of the isolate an event goes to: the one handling the fewest events,
// the first of those (with one isolate, always it).
func (s *Server) pick() int {
	best, least := 0, int32(math.MaxInt32)
	for i := range s.busy {
		if n := s.busy[i].Load(); n < least {
			best, least = i, n
			if n == 0 {
				break
			}
		}
	}
	return best
}

// retire replaces old, an isolate that broke (it ran over a limit), with a fresh one on
// the same script; old is closed once its requests are done.
func (s *Server) retire(old *runtime.Isolate) {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	slot := -1
	for i := range s.isos {
		if s.isos[i].Load() == old {
			slot = i
		}
	}
	if slot < 0 {
		return // already replaced
	}
	fresh, err := s.newIsolate(context.Background(), s.worker, s.script)
	if err != nil {
		fmt.Fprintf(s.opts.Stderr, "[goflare:error] could not restart the worker: %v\n", err)
		return
	}
	s.isos[slot].Store(fresh)
	s.closeLater(old)
}

// plainBindings are the vars as env will hold them: config vars, overridden by secrets
// of the same name, overridden by --var; a name a KV namespace has is never a var.
func (s *Server) plainBindings(w *config.Worker) []plainBinding {
	kvNames := map[string]bool{}
	for _, ns := range w.KVNamespaces {
		kvNames[ns.Binding] = true
	}
	var out []plainBinding
	index := map[string]int{}
	put := func(name string, value any, secret bool) {
		if kvNames[name] {
			return
		}
		if i, ok := index[name]; ok {
			out[i] = plainBinding{name, value, secret}
			return
		}
		index[name] = len(out)
		out = append(out, plainBinding{name, value, secret})
	}
	for _, v := range w.Vars {
		put(v.Name, v.Value, false)
	}
	for _, v := range w.Secrets {
		put(v.Name, v.Value, true)
	}
	for _, v := range s.opts.VarOverrides {
		put(v.Name, v.Value, false)
	}
	return out
}

// plainBinding is one var or secret.
type plainBinding struct {
	name   string
	value  any
	secret bool
}

// bindings builds env from the config: vars and secrets, then KV namespaces (ids as
// `dev` picks them).
func (s *Server) bindings(w *config.Worker) []runtime.Binding {
	var out []runtime.Binding
	for _, p := range s.plainBindings(w) {
		out = append(out, bindings.NewVar(p.name, p.value))
	}
	for _, ns := range w.KVNamespaces {
		if s.remote(ns) {
			out = append(out, kv.New(ns.Binding, ns.ID, s.opts.RemoteKV))
			continue
		}
		out = append(out, kv.New(ns.Binding, ns.DevID(), s.store).WithSimulation(s.kvSim))
	}
	for _, o := range w.Others {
		out = append(out, bindings.NewUnsupported(o.Name, o.Resource))
	}
	if w.Assets != nil && w.Assets.Binding != "" {
		out = append(out, assets.NewBinding(w.Assets.Binding, s.site.Load))
	}
	if w.Site != nil {
		out = append(out, kv.New(SiteNamespace, SiteNamespace, s.store), bindings.NewGlobalText(siteManifestModule, w.Site.Manifest))
	}
	return out
}

// remote reports whether a KV binding uses the real namespace (its id) over the REST API.
func (s *Server) remote(ns config.KVNamespace) bool { return ns.Remote || s.opts.Remote }

// ensureNamespaces registers the local namespace of each local KV binding; a remote
// binding needs the API's credentials and its id instead.
func (s *Server) ensureNamespaces(ctx context.Context, w *config.Worker) error {
	for _, ns := range w.KVNamespaces {
		if s.remote(ns) {
			if s.opts.RemoteKV == nil {
				return fmt.Errorf("KV binding %s is remote: %w", ns.Binding, cfapi.ErrMissingCredentials)
			}
			if ns.ID == "" {
				return fmt.Errorf("KV binding %s is remote, and remote bindings need an \"id\" (the namespace's id in your account)", ns.Binding)
			}
			continue
		}
		if err := s.store.EnsureNamespace(ctx, ns.DevID()); err != nil {
			return err
		}
	}
	return nil
}

// printBindings writes the table wrangler dev shows at start-up (secret values hidden).
func (s *Server) printBindings(w *config.Worker) {
	type row struct{ binding, resource, mode string }
	var rows []row
	var missing []string
	other := func(o config.OtherBinding) {
		shown := "env." + o.Name
		if o.Detail != "" {
			shown += " (" + o.Detail + ")"
		}
		rows = append(rows, row{shown, o.Resource, "not supported by goflare"})
		missing = append(missing, fmt.Sprintf("env.%s (%s)", o.Name, o.Resource))
	}
	// wrangler's order: Durable Objects and Workflows, KV, then the others.
	for _, o := range w.Others {
		if o.Resource == "Durable Object" || o.Resource == "Workflow" {
			other(o)
		}
	}
	for _, ns := range w.KVNamespaces {
		if s.remote(ns) {
			rows = append(rows, row{fmt.Sprintf("env.%s (%s)", ns.Binding, ns.ID), "KV Namespace", "remote"})
			continue
		}
		rows = append(rows, row{fmt.Sprintf("env.%s (%s)", ns.Binding, ns.DevID()), "KV Namespace", "local"})
	}
	assetsRow := func() {
		if w.Assets != nil && w.Assets.Binding != "" {
			rows = append(rows, row{"env." + w.Assets.Binding, "Assets", "local"})
		}
	}
	assetsShown := false
	for _, o := range w.Others {
		if o.Resource != "Durable Object" && o.Resource != "Workflow" {
			if !assetsShown && config.AfterAssets(o.Resource) {
				assetsRow()
				assetsShown = true
			}
			other(o)
		}
	}
	if !assetsShown {
		assetsRow()
	}
	if len(missing) > 0 {
		defer fmt.Fprintf(s.opts.Stderr, "[goflare:warn] The worker will not see %s: goflare does not provide these bindings (reading one throws an Error that names it).\n", strings.Join(missing, ", "))
	}
	for _, p := range s.plainBindings(w) {
		shown := "(hidden)"
		if !p.secret {
			if str, ok := p.value.(string); ok {
				shown = str
			} else {
				b, _ := json.Marshal(p.value)
				shown = string(b)
			}
		}
		rows = append(rows, row{fmt.Sprintf("env.%s (%q)", p.name, shown), "Environment Variable", "local"})
	}
	if len(rows) == 0 {
		fmt.Fprintln(s.out, "No bindings found.")
		return
	}
	w1, w2 := len("Binding"), len("Resource")
	for _, r := range rows {
		w1, w2 = max(w1, len(r.binding)), max(w2, len(r.resource))
	}
	fmt.Fprintln(s.out, "Your Worker has access to the following bindings:")
	fmt.Fprintf(s.out, "%-*s%-*s%s\n", w1+6, "Binding", w2+6, "Resource", "Mode")
	for _, r := range rows {
		fmt.Fprintf(s.out, "%-*s%-*s%s\n", w1+6, r.binding, w2+6, r.resource, r.mode)
	}
	fmt.Fprintln(s.out)
}

// URL returns the address the server listens on, e.g. http://127.0.0.1:8787.
func (s *Server) URL() string {
	addr := s.ln.Addr().(*net.TCPAddr)
	scheme := "http"
	if s.opts.LocalProtocol == "https" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(s.opts.IP, strconv.Itoa(addr.Port))
}

// Run serves until ctx ends, printing `Ready on http://HOST:PORT` once serving, then shuts
// down: in-flight requests finish, the isolate stops, the database closes.
func (s *Server) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.ln) }()
	watchCtx, stopWatching := context.WithCancel(ctx)
	watching := make(chan struct{})
	watchReady := make(chan struct{}) // a save after "Ready on" is seen
	go func() {
		defer close(watching)
		if s.opts.Watch {
			s.watch(watchCtx, watchReady)
		} else {
			close(watchReady)
		}
	}()
	s.printBindings(s.worker)
	cronsDone := make(chan struct{}) // runCrons has returned and will write no more log lines
	if s.opts.RunCrons {
		var specs []*cronSpec
		for _, c := range s.worker.Crons {
			spec, err := parseCron(c)
			if err != nil {
				fmt.Fprintf(s.opts.Stderr, "[goflare:warn] %v; it will not run\n", err)
				continue
			}
			specs = append(specs, spec)
		}
		go func() {
			defer close(cronsDone)
			s.runCrons(watchCtx, specs, s.cronClock)
		}()
		fmt.Fprintf(s.out, "Running %d cron trigger(s) on their schedule (UTC).\n", len(specs))
	} else {
		close(cronsDone)
	}
	if !s.opts.RunCrons && len(s.worker.Crons) > 0 && !s.opts.TestScheduled {
		fmt.Fprintf(s.out, "Scheduled Workers are not automatically triggered during local development.\nTo manually trigger a scheduled event, run:\n  curl \"%s/cdn-cgi/handler/scheduled\"\nFor more details, see https://developers.cloudflare.com/workers/configuration/cron-triggers/#test-cron-triggers-locally\n\n", s.URL())
	}
	<-watchReady
	fmt.Fprintf(s.out, "Ready on %s\n", s.URL())
	fmt.Fprintf(s.out, "[goflare:info] KV REST API (Cloudflare v4): %s%s\n", s.URL(), APIPrefix)
	fmt.Fprintf(s.out, "[goflare:info] KV explorer: %s%s\n", s.URL(), ExplorerPath)
	if s.kvSim.Active() {
		fmt.Fprintf(s.out, "[goflare:info] KV as production behaves: %s\n", s.kvSim.Describe())
	}
	if s.opts.ReadyHint != "" {
		fmt.Fprintln(s.out, s.opts.ReadyHint)
	}
	var serveErr error
	// In-flight requests, their waitUntil work and the isolates a reload retired all get
	// the same deadline, from the moment the shutdown starts.
	var deadline time.Time
	select {
	case serveErr = <-errc:
		deadline = time.Now().Add(ShutdownGrace)
	case <-ctx.Done():
		deadline = time.Now().Add(ShutdownGrace)
		shutdownCtx, cancel := context.WithDeadline(context.Background(), deadline)
		err := s.http.Shutdown(shutdownCtx)
		cancel()
		if err != nil {
			// Requests still running at the deadline (JavaScript that spins short of the
			// CPU limit, which counts CPU time and so runs long on a busy machine) are
			// stopped, and their handlers get a moment to send the 503 before goflare
			// exits: the client gets an answer, not a closed connection.
			s.stopAll()
			answerCtx, cancel := context.WithTimeout(context.Background(), time.Second)
			s.http.Shutdown(answerCtx)
			cancel()
		}
		<-errc
	}
	stopWatching() // no reload may start once the isolate is being closed
	<-watching
	s.live.drop()
	s.retiringMu.Lock()
	for old := range s.retiring {
		old.Hurry(deadline)
	}
	s.retiringMu.Unlock()
	for i := range s.isos {
		s.isos[i].Load().CloseWithin(time.Until(deadline))
	}
	s.retired.Wait()
	<-cronsDone // a cron that was running has ended with the isolate; its log line is written
	if err := s.store.Close(); err != nil && serveErr == nil {
		serveErr = err
	}
	s.log.Close()
	s.errLog.Close()
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return serveErr
}

// certificate is --https-key-path and --https-cert-path's, else a self-signed one.
func (s *Server) certificate() (tls.Certificate, error) {
	if s.opts.HTTPSCertPath != "" {
		cert, err := tls.LoadX509KeyPair(s.opts.HTTPSCertPath, s.opts.HTTPSKeyPath)
		if err != nil {
			return cert, fmt.Errorf("reading the certificate (--https-cert-path, --https-key-path): %w", err)
		}
		return cert, nil
	}
	return selfSignedCertificate(s.opts.IP)
}

// simulation is production KV's behaviour the options and the config's [goflare] table
// turn on (the options win); nil when none is.
func (s *Server) simulation(w *config.Worker) *kv.Simulation {
	sim := &kv.Simulation{
		WriteLimit:  s.opts.KVWriteLimit || w.Goflare.KVWriteLimit,
		Consistency: s.opts.KVConsistency,
		CacheTTL:    s.opts.KVCacheTTL || w.Goflare.KVCacheTTL,
		Now:         s.now,
	}
	if sim.Consistency == 0 {
		sim.Consistency = w.Goflare.KVConsistency
	}
	quota := s.opts.KVQuota
	if quota == "" {
		quota = w.Goflare.KVQuota
	}
	if quota == "free" {
		sim.Quota = kv.FreeQuota()
	}
	if !sim.Active() {
		return nil
	}
	return sim
}
