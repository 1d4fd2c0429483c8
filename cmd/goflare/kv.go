package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goflare/goflare/cfapi"
	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/devserver"
	"github.com/goflare/goflare/kvstore"
	"github.com/spf13/cobra"
)

// The kv commands: wrangler's `kv namespace|key|bulk` on goflare's local state
// (wrangler-reference.md section 2), plus `kv export`. Outputs copy wrangler 4.86's
// byte for byte, without its banner; decisions.md lists where goflare differs on purpose.

// streams are the process's standard streams, and whether they are terminals: prompts
// ask only when stdin is one, progress bars draw only when stderr is one.
type streams struct {
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
	stdinTTY  bool
	stderrTTY bool
}

// kvFlags are the flags the kv commands share; each command registers those it takes.
type kvFlags struct {
	config      string
	cwd         string
	env         string
	persistTo   string
	binding     string
	namespaceID string
	preview     bool
	local       bool
	remote      bool
}

// usageError is a mistake in the command line: the command's help goes to stdout, then
// the message to stderr, as wrangler does for its CommandLineArgsError.
type usageError struct {
	cmd *cobra.Command
	msg string
}

func (e *usageError) Error() string { return e.msg }

// kvBoolFlags are the kv flags that are booleans: yargs lets `--preview false` give one a
// value as the next argument, which pflag would read as a positional argument.
var kvBoolFlags = map[string]bool{
	"--preview": true, "--text": true, "--local": true, "--remote": true, "--force": true, "-f": true,
	"--skip-confirmation": true, "-y": true, "--update-config": true, "--use-remote": true,
}

// joinBoolValues rewrites `--flag true|false` as `--flag=true|false` in a kv command line.
func joinBoolValues(args []string) []string {
	if len(args) == 0 || args[0] != "kv" {
		return args
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if kvBoolFlags[a] && i+1 < len(args) && (args[i+1] == "true" || args[i+1] == "false") {
			out = append(out, a+"="+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}

// flagError turns pflag's complaints into wrangler's (yargs) wording.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		msg = "Unknown argument: " + name
	} else if rest, ok := strings.CutPrefix(msg, "unknown shorthand flag: '"); ok {
		msg = "Unknown argument: " + rest[:strings.IndexByte(rest, '\'')]
	}
	return &usageError{cmd: cmd, msg: msg}
}

// positional checks the number of positional arguments with yargs' messages.
func positional(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min {
			return &usageError{cmd, fmt.Sprintf("Not enough non-option arguments: got %d, need at least %d", len(args), min)}
		}
		if len(args) > max {
			extra := args[max:]
			noun := "argument"
			if len(extra) > 1 {
				noun = "arguments"
			}
			return &usageError{cmd, fmt.Sprintf("Unknown %s: %s", noun, strings.Join(extra, ", "))}
		}
		return nil
	}
}

func newKVCommand(std streams) *cobra.Command {
	var f kvFlags
	kv := group("kv", "Manage the local Workers KV state: namespaces, keys, bulk files, export")
	kv.Long = "The kv commands of wrangler (kv namespace, kv key, kv bulk) on goflare's local state, with the\n" +
		"same flags and output, plus kv export. They work while goflare dev runs on the same state."
	pf := kv.PersistentFlags()
	pf.StringVarP(&f.config, "config", "c", "", "Path to Wrangler configuration file")
	pf.StringVar(&f.cwd, "cwd", "", "Run as if goflare was started in the specified directory instead of the current working directory")
	pf.StringVarP(&f.env, "env", "e", "", "Environment to use for operations (default: $CLOUDFLARE_ENV)")
	kv.SetFlagErrorFunc(flagError)

	ns := group("namespace", "Manage local KV namespaces")
	ns.AddCommand(nsCreateCommand(&f, std), nsListCommand(&f, std), nsDeleteCommand(&f, std), nsRenameCommand(&f, std))
	key := group("key", "Individually manage Workers KV key-value pairs")
	key.AddCommand(keyPutCommand(&f, std), keyListCommand(&f, std), keyGetCommand(&f, std), keyDeleteCommand(&f, std))
	bulk := group("bulk", "Interact with multiple Workers KV key-value pairs at once")
	bulk.AddCommand(bulkPutCommand(&f, std), bulkGetCommand(&f, std), bulkDeleteCommand(&f, std))
	kv.AddCommand(ns, key, bulk, exportCommand(&f, std), importMiniflareCommand(&f, std))
	return kv
}

// group is a command that only holds subcommands: alone it prints its help, with an
// unknown subcommand it is a usage error.
func group(use, short string) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return &usageError{cmd, "Unknown argument: " + args[0]}
		},
	}
}

// Flag sets, as wrangler's commands declare them.

func addPersistFlag(cmd *cobra.Command, f *kvFlags) {
	cmd.Flags().StringVar(&f.persistTo, "persist-to", "", "Directory for local persistence (default: .wrangler/state next to the config)")
}

// addRemoteFlag is --remote on the namespace commands: the account's namespaces over
// Cloudflare's REST API instead of the local registry.
func addRemoteFlag(cmd *cobra.Command, f *kvFlags) {
	cmd.Flags().BoolVar(&f.remote, "remote", false, "The namespaces of your Cloudflare account, over its REST API (default: the local ones)")
}

func addTargetFlags(cmd *cobra.Command, f *kvFlags, verb string) {
	fl := cmd.Flags()
	fl.StringVar(&f.binding, "binding", "", "The binding name to the namespace to "+verb)
	fl.StringVar(&f.namespaceID, "namespace-id", "", "The id of the namespace to "+verb)
	fl.BoolVar(&f.preview, "preview", false, "Interact with a preview namespace")
	fl.BoolVar(&f.local, "local", false, "Interact with local storage (the default)")
	fl.BoolVar(&f.remote, "remote", false, "Interact with remote storage: the namespace in your Cloudflare account, over its REST API")
	addPersistFlag(cmd, f)
}

// kvSession is one kv command at work: its config, its state, its output.
type kvSession struct {
	cmd   *cobra.Command
	f     *kvFlags
	std   streams
	cwd   string
	w     *config.Worker // nil when no config file was found
	store kvBackend
	root  string // the persist root: .wrangler/state next to the config, or --persist-to
}

// checkMode refuses --local with --remote.
func checkMode(cmd *cobra.Command, f *kvFlags) error {
	if f.local && f.remote {
		return &usageError{cmd, "Arguments remote and local are mutually exclusive"}
	}
	return nil
}

// kvBackend is what the kv commands work on: the local state (a kvstore.Store) or, with
// --remote, Cloudflare's REST API for the account (a cfapi.Client).
type kvBackend interface {
	Get(ctx context.Context, ns, key string) (*kvstore.Value, error)
	GetMany(ctx context.Context, ns string, keys []string, typ kvstore.GetManyType) (map[string]*kvstore.Value, error)
	Put(ctx context.Context, ns, key string, value io.Reader, opts kvstore.PutOptions) error
	Delete(ctx context.Context, ns, key string) error
	List(ctx context.Context, ns string, opts kvstore.ListOptions) (kvstore.ListResult, error)
	PutBulk(ctx context.Context, ns string, entries []kvstore.PutEntry, progress func(done int)) error
	DeleteBulk(ctx context.Context, ns string, keys []string, progress func(done int)) error
	Export(ctx context.Context, ns, prefix string, fn func(kvstore.Entry) error) error
	CountKeys(ctx context.Context, ns, prefix string) (int, error)
	CreateNamespace(ctx context.Context, title string) (kvstore.Namespace, error)
	GetNamespace(ctx context.Context, id string) (kvstore.Namespace, error)
	ListNamespaces(ctx context.Context) ([]kvstore.Namespace, error)
	RenameNamespace(ctx context.Context, id, title string) (kvstore.Namespace, error)
	DeleteNamespace(ctx context.Context, id string) error
	Close() error
}

var (
	_ kvBackend = (*kvstore.Store)(nil)
	_ kvBackend = (*cfapi.Client)(nil)
)

// checkTarget is wrangler's yargs check for the commands that need exactly one of
// --binding and --namespace-id.
func checkTarget(cmd *cobra.Command, f *kvFlags) error {
	if f.binding != "" && f.namespaceID != "" {
		return &usageError{cmd, "Arguments binding and namespace-id are mutually exclusive"}
	}
	if f.binding == "" && f.namespaceID == "" {
		return &usageError{cmd, "Exactly one of the arguments binding and namespace-id is required"}
	}
	return nil
}

// openSession reads the config (when there is one) and opens the local state.
func openSession(cmd *cobra.Command, f *kvFlags, std streams) (*kvSession, error) {
	s := &kvSession{cmd: cmd, f: f, std: std}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	s.cwd = wd
	if f.cwd != "" {
		s.cwd = s.abs(f.cwd)
	}
	env := f.env
	if env == "" {
		env = os.Getenv("CLOUDFLARE_ENV")
	}
	path := ""
	if f.config != "" {
		path = s.abs(f.config)
	} else if found, err := config.Find(s.cwd); err == nil {
		path = found
	}
	if path != "" {
		w, diags, err := config.Load(path, config.LoadOptions{Env: env, Today: time.Now().In(hostZone).Format("2006-01-02"), Getenv: os.Getenv, NoWorker: true})
		if err != nil {
			return nil, err
		}
		devserver.PrintDiagnostics(std.stderr, s.cwd, diags)
		if diags.HasErrors() {
			return nil, &exitError{code: 1}
		}
		s.w = w
	}
	root := filepath.Join(s.cwd, filepath.FromSlash(devserver.DefaultPersistDir))
	if s.w != nil {
		root = filepath.Join(s.w.Dir, filepath.FromSlash(devserver.DefaultPersistDir))
	}
	if f.persistTo != "" {
		root = s.abs(f.persistTo)
	}
	s.root = root
	if f.remote {
		c := remoteKV()
		if c == nil {
			return nil, cfapi.ErrMissingCredentials
		}
		s.store = c
		return s, nil
	}
	st := kvstore.New(devserver.KVDatabasePath(root), kvstore.Options{})
	if err := st.Open(cmd.Context()); err != nil {
		return nil, err
	}
	s.store = st
	return s, nil
}

// withState opens a session, runs fn and closes the state.
func withState(cmd *cobra.Command, f *kvFlags, std streams, fn func(s *kvSession) error) error {
	s, err := openSession(cmd, f, std)
	if err != nil {
		return err
	}
	defer s.store.Close()
	return fn(s)
}

// targetCommand describes a command that works on one namespace named by --binding or
// --namespace-id (kv key, kv bulk, kv export).
type targetCommand struct {
	use, short, long string
	args             cobra.PositionalArgs
	// verb completes the flag help: "The binding name to the namespace to <verb>".
	verb string
	// writes: the command changes state, so wrangler's resource line comes first.
	writes bool
	// check, when set, runs after the target checks, before the state is opened.
	check func(cmd *cobra.Command, args []string) error
	run   func(s *kvSession, args []string) error
}

// build makes the cobra command: wrangler's checks of the command line in its order,
// then the resource line for writes, then run on the opened state.
func (c targetCommand) build(f *kvFlags, std streams) *cobra.Command {
	cmd := &cobra.Command{Use: c.use, Short: c.short, Long: c.long, Args: c.args}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkTarget(cmd, f); err != nil {
			return err
		}
		if c.check != nil {
			if err := c.check(cmd, args); err != nil {
				return err
			}
		}
		if err := checkMode(cmd, f); err != nil {
			return err
		}
		if c.writes {
			resourceLocation(std, f.remote)
		}
		return withState(cmd, f, std, func(s *kvSession) error { return c.run(s, args) })
	}
	addTargetFlags(cmd, f, c.verb)
	return cmd
}

// abs resolves a path given on the command line against the working directory.
func (s *kvSession) abs(p string) string {
	if filepath.IsAbs(p) || s.cwd == "" {
		return p
	}
	return filepath.Join(s.cwd, p)
}

func (s *kvSession) ctx() context.Context { return s.cmd.Context() }

// printf writes to stdout.
func (s *kvSession) printf(format string, args ...any) { fmt.Fprintf(s.std.stdout, format, args...) }

// resourceLocation is the line wrangler prints before a command that changes state
// (without its "Use --remote" hint: goflare has no remote mode yet).
func resourceLocation(std streams, remote bool) {
	if remote {
		fmt.Fprint(std.stdout, "Resource location: remote \n\n")
		return
	}
	fmt.Fprint(std.stdout, "Resource location: local \n\n")
}

// namespaces returns the kv_namespaces of the config, none without one.
func (s *kvSession) namespaces() []config.KVNamespace {
	if s.w == nil {
		return nil
	}
	return s.w.KVNamespaces
}

// resolve finds the namespace a command works on (wrangler-reference.md 2.2): its id
// and how to name it in messages. previewSet is whether --preview was given or has a
// default for this command.
func (s *kvSession) resolve(previewSet bool) (id, display string, err error) {
	f := s.f
	if f.namespaceID != "" {
		return f.namespaceID, "id: \"" + f.namespaceID + "\"", nil
	}
	list := s.namespaces()
	if len(list) == 0 {
		return "", "", errors.New("No KV Namespaces configured! Either use --namespace-id to upload directly or add a KV namespace to your wrangler config file.")
	}
	binding := f.binding
	var ns *config.KVNamespace
	for i := range list {
		if list[i].Binding == binding {
			ns = &list[i]
			break
		}
	}
	if ns == nil {
		return "", "", fmt.Errorf("A namespace with binding name \"%s\" was not found in the configured \"kv_namespaces\".", binding)
	}
	show := func(id string) (string, string, error) {
		return id, "binding: \"" + binding + "\" (id: \"" + id + "\")", nil
	}
	switch {
	case previewSet && f.preview && ns.PreviewID != "":
		return show(ns.PreviewID)
	case previewSet && f.preview:
		return "", "", fmt.Errorf("No preview ID found for %s. Add one to your wrangler config file to use a separate namespace for previewing your worker.", binding)
	case previewSet && ns.ID != "":
		return show(ns.ID)
	case previewSet:
		// Local mode with provisioning: the binding name is the id.
		return show(binding)
	case ns.ID != "" && ns.PreviewID != "":
		return "", "", fmt.Errorf("%s has both a namespace ID and a preview ID. Specify \"--preview\" or \"--preview false\" to avoid writing data to the wrong namespace.", binding)
	case ns.ID != "":
		return show(ns.ID)
	case ns.PreviewID != "":
		return show(ns.PreviewID)
	}
	return show(binding)
}

// validateKey applies the KV binding's key checks, with its texts, for operation op.
func validateKey(op, key string) error {
	switch {
	case key == "":
		return errors.New("Key name cannot be empty.")
	case key == "." || key == "..":
		return fmt.Errorf("%q is not allowed as a key name.", key)
	case len(key) > kvstore.MaxKeyBytes:
		return fmt.Errorf("KV %s failed: 414 UTF-8 encoded length of %d exceeds key length limit of %d.", op, len(key), kvstore.MaxKeyBytes)
	}
	return nil
}

// storeError reports a refusal of the state as the binding does: `KV <OP> failed: …`.
func storeError(op string, err error) error {
	if e, ok := kvstore.AsError(err); ok {
		return fmt.Errorf("KV %s failed: %d %s", op, e.Status, e.Message)
	}
	return err
}

// toInt32 converts a number as the binding converts expiration and expirationTtl.
func toInt32(f float64) (int64, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, nil
	}
	f = math.Trunc(f)
	if f < math.MinInt32 || f > math.MaxInt32 {
		return 0, errors.New("Value out of range. Must be between -2147483648 and 2147483647 (inclusive).")
	}
	return int64(f), nil
}

// confirm asks a yes/no question that defaults to yes and, without a terminal on stdin,
// is answered yes, as wrangler's confirmations of deletes are.
func confirm(std streams, question string) bool { return confirmDefault(std, question, true, true) }

// confirmDefault asks a yes/no question on stdout. Without a terminal on stdin it takes
// fallback, as wrangler does in a non-interactive context, and says so.
func confirmDefault(std streams, question string, def, fallback bool) bool {
	if !std.stdinTTY {
		answer := "no"
		if fallback {
			answer = "yes"
		}
		fmt.Fprintf(std.stdout, "? %s\n🤖 Using fallback value in non-interactive context: %s\n", question, answer)
		return fallback
	}
	hint := "(y/N)"
	if def {
		hint = "(Y/n)"
	}
	fmt.Fprintf(std.stdout, "? %s %s ", question, hint)
	line, _ := bufio.NewReader(std.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	case "n", "no":
		return false
	}
	return def
}

// printError renders an error as wrangler does: `✘ [ERROR] first line`, further lines
// indented by two spaces, then a blank line.
func printError(w io.Writer, msg string) { printBlock(w, "✘ [ERROR] ", msg) }

// printWarning is printError's `▲ [WARNING]`.
func printWarning(w io.Writer, msg string) { printBlock(w, "▲ [WARNING] ", msg) }

func printBlock(w io.Writer, label, msg string) {
	lines := strings.Split(msg, "\n")
	var b strings.Builder
	b.WriteString(label + lines[0] + "\n")
	for _, l := range lines[1:] {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}
