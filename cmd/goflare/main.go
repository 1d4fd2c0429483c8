package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// exitError carries an exit code out of a command whose message was already printed.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// hostZone is the machine's time zone, for the dates goflare itself prints or defaults
// (today's compatibility date); workers see UTC (see main).
var hostZone = time.Local

func main() {
	// workerd runs every worker in UTC: new Date().getHours() and toString() must not
	// depend on the developer's machine. goja reads time.Local, so it is set for the
	// whole process before any isolate starts.
	time.Local = time.UTC
	tuneGC()
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C or SIGTERM stops goflare gracefully; a second one, or a
		// shutdown that overruns its grace, exits at once: a stop always works.
		<-sigs
		cancel()
		select {
		case <-sigs:
		case <-time.After(hardStop):
			fmt.Fprintf(os.Stderr, "[goflare:warn] still stopping after %s; exiting now\n", hardStop)
		}
		os.Exit(130)
	}()
	code := runStreams(ctx, os.Args[1:], streams{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdinTTY: isTerminal(os.Stdin), stderrTTY: isTerminal(os.Stderr),
	})
	os.Exit(code)
}

// hardStop bounds a graceful stop: the dev server's own grace (devserver.ShutdownGrace)
// plus time to close the database.
const hardStop = 10 * time.Second

// tuneGC trades a little memory for latency: a worker allocates a few KB a request and
// the live heap is small, so the default GOGC=100 collects thousands of times a second
// under load. GOGC=400 measured +15% requests/s for +12 MB resident when a request made
// 234 allocations; at 120 (gojafork patches 10-12) GOGC=200 and 400 served the same
// within the noise of two wrk runs each, and the resident peak under load on the KV
// fixtures is 53 MB at 200 against 66 MB at 400 (issue 22 asks for under 60). The soft
// memory limit keeps the heap from growing far past that while large values pass
// through. An explicit GOGC or GOMEMLIMIT in the environment wins.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
}

// run executes the CLI with args and returns the process exit code; stdin is not a
// terminal.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runStreams(ctx, args, streams{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr})
}

// runStreams executes the CLI with args on the given streams and returns the exit code.
func runStreams(ctx context.Context, args []string, std streams) int {
	root := newRootCommand(std)
	root.SetArgs(joinBoolValues(args))
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprint(std.stdout, ue.cmd.UsageString())
	}
	printError(std.stderr, err.Error())
	return 1
}

func newRootCommand(std streams) *cobra.Command {
	root := &cobra.Command{
		Use:           "goflare",
		Short:         "Run Cloudflare Workers locally: one binary, no Node, no workerd",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(std.stdout)
	root.SetErr(std.stderr)
	root.SetIn(std.stdin)
	root.AddCommand(newDevCommand(std.stdout, std.stderr), newKVCommand(std), newVersionCommand(std.stdout))
	return root
}

func newVersionCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print goflare's version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(stdout, "goflare %s\n", version)
		},
	}
}
