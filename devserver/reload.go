package devserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/runtime"
)

// reloadDebounce is how long the watcher waits after the last change before it reloads:
// long enough to see an editor's rename-and-write or a burst of saves as one change.
const reloadDebounce = 25 * time.Millisecond

// watch reloads the worker when one of its files changes, until ctx ends (DESIGN.md 5):
// every input the bundler reported, the config file, .dev.vars* and .env*, and
// build.watch_dir when a build command is set. ready is closed once the files are watched
// (or cannot be).
func (s *Server) watch(ctx context.Context, ready chan<- struct{}) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		close(ready)
		fmt.Fprintf(s.opts.Stderr, "[goflare:warn] cannot watch files for changes: %v\n", err)
		return
	}
	defer fw.Close()
	watched := map[string]bool{}
	s.addWatches(fw, watched)
	close(ready)
	var debounce, assetsDebounce *time.Timer
	fire := make(chan struct{}, 1)
	// A reload runs on its own goroutine, so that the watcher keeps listening: a newer
	// save cancels a reload still starting (top-level code that loops) and starts over.
	cancelReload := func() {}
	reloading := make(chan struct{})
	close(reloading)
	defer func() {
		if debounce != nil {
			debounce.Stop()
		}
		if assetsDebounce != nil {
			assetsDebounce.Stop()
		}
		cancelReload()
		<-reloading
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if s.opts.LiveReload && s.underAssets(ev.Name) {
				// Assets are served from disk as they are: nothing to rebuild, but the
				// pages showing them reload.
				if ev.Op&fsnotify.Create != 0 {
					s.addWatches(fw, watched) // a new directory
				}
				if assetsDebounce == nil {
					assetsDebounce = time.AfterFunc(reloadDebounce, s.live.reload)
				} else {
					assetsDebounce.Reset(reloadDebounce)
				}
				continue
			}
			if !s.relevant(ev.Name) {
				continue
			}
			if debounce == nil {
				debounce = time.AfterFunc(reloadDebounce, func() {
					select {
					case fire <- struct{}{}:
					default:
					}
				})
			} else {
				debounce.Reset(reloadDebounce)
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.opts.Stderr, "[goflare:warn] file watcher: %v\n", err)
		case <-fire:
			cancelReload()
			<-reloading
			rctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			cancelReload, reloading = cancel, done
			go func() {
				defer close(done)
				s.reload(rctx)
				s.addWatches(fw, watched)
			}()
		}
	}
}

// addWatches watches the directories holding the files that matter (fsnotify watches
// directories, which also sees editors that save by writing a new file and renaming it).
func (s *Server) addWatches(fw *fsnotify.Watcher, watched map[string]bool) {
	s.swapMu.Lock()
	w, inputs := s.worker, s.inputs
	s.swapMu.Unlock()
	dirs := []string{w.Dir}
	for _, in := range inputs {
		if !strings.Contains(in, string(filepath.Separator)+"node_modules"+string(filepath.Separator)) {
			dirs = append(dirs, filepath.Dir(in))
		}
	}
	watchDirs := s.buildWatchDirs(w)
	if w.Site != nil {
		watchDirs = append(watchDirs, w.Site.Bucket) // its files are built into the manifest
	}
	if site := s.site.Load(); site != nil && s.opts.LiveReload {
		watchDirs = append(watchDirs, site.Dir())
	}
	for _, d := range watchDirs {
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && e.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
	}
	for _, d := range dirs {
		if !watched[d] {
			if err := fw.Add(d); err == nil {
				watched[d] = true
			}
		}
	}
}

// buildWatchDirs are build.watch_dir as absolute paths (when a build command is set).
func (s *Server) buildWatchDirs(w *config.Worker) []string {
	if w.Build.Command == "" {
		return nil
	}
	var out []string
	for _, d := range w.Build.WatchDirs {
		out = append(out, filepath.Join(w.Dir, filepath.FromSlash(d)))
	}
	return out
}

// underAssets reports whether path is in the static assets' directory.
func (s *Server) underAssets(path string) bool {
	site := s.site.Load()
	return site != nil && strings.HasPrefix(path, site.Dir()+string(filepath.Separator))
}

// relevant reports whether a change to path should reload the worker.
func (s *Server) relevant(path string) bool {
	s.swapMu.Lock()
	w, inputs := s.worker, s.inputs
	s.swapMu.Unlock()
	if path == w.Path || path == s.opts.ConfigPath {
		return true
	}
	if filepath.Dir(path) == w.Dir {
		base := filepath.Base(path)
		if strings.HasPrefix(base, ".dev.vars") || strings.HasPrefix(base, ".env") {
			return true
		}
	}
	for _, in := range inputs {
		if in == path {
			return true
		}
	}
	dirs := s.buildWatchDirs(w)
	if w.Site != nil {
		dirs = append(dirs, w.Site.Bucket)
	}
	for _, d := range dirs {
		if strings.HasPrefix(path, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// emptiedWait is how long a build that finds empty a file the running version was built
// from waits before it is swapped in: an editor saving in place truncates the file first
// and writes it a moment later (that write's event cancels the wait and rebuilds), while
// a file the user really emptied is served once the wait is over.
const emptiedWait = 500 * time.Millisecond

// reload re-reads the config (when there is one), rebuilds and swaps the new isolate in;
// the old one finishes its requests and stops. Any failure keeps the last good version
// serving and says why. KV state is untouched.
func (s *Server) reload(ctx context.Context) {
	if emptiedFiles := s.rebuild(ctx, nil); emptiedFiles != nil {
		select {
		case <-ctx.Done():
		case <-time.After(emptiedWait):
			s.rebuild(ctx, emptiedFiles)
		}
	}
}

// rebuild does reload's work once. A build in which one of the running version's files
// is empty (as the bundler read it, or on disk now) is swapped in only when that file has
// stayed as it was in accept (stamped emptiedWait ago, unchanged since); otherwise it is
// dropped, and rebuild returns the emptied files' stamps to try again with after the wait
// (nil when there is nothing to try again).
func (s *Server) rebuild(ctx context.Context, accept map[string]fileStamp) (emptiedFiles map[string]fileStamp) {
	start := time.Now()
	s.swapMu.Lock()
	w, inputs := s.worker, s.inputs
	s.swapMu.Unlock()
	before := statFiles(inputs)
	if s.opts.ConfigPath != "" {
		nw, diags, err := config.Load(s.opts.ConfigPath, s.opts.LoadOptions)
		if err != nil {
			fmt.Fprintf(s.opts.Stderr, "[goflare:error] reading the config: %v\n", err)
			return nil
		}
		PrintDiagnostics(s.opts.Stderr, filepath.Dir(s.opts.ConfigPath), diags)
		if diags.HasErrors() {
			fmt.Fprintf(s.opts.Stderr, "[goflare:error] the config has errors; still serving the last good version\n")
			return nil
		}
		if s.opts.Worker.Main != "" && s.opts.ScriptOverride != "" {
			nw.Main = s.opts.ScriptOverride
		}
		if s.opts.Adjust != nil {
			s.opts.Adjust(nw)
		}
		w = nw
	}
	if err := s.ensureNamespaces(ctx, w); err != nil {
		fmt.Fprintf(s.opts.Stderr, "[goflare:error] %v\n", err)
		return nil
	}
	b, err := s.load(ctx, w)
	if ctx.Err() != nil {
		if err == nil {
			b.close()
		}
		return nil // a newer save (or Ctrl-C) took over
	}
	if err == nil && changedDuring(before, b.inputs, start) {
		// A save was still being written (an editor that truncates, then writes): what
		// was read may be torn. Its last write brings another event and another reload.
		b.close()
		return nil
	}
	if err == nil {
		if e := emptied(inputs, b.empty, emptyNow(b.inputs)); len(e) > 0 {
			stamps := statFiles(e)
			if accept == nil {
				b.close()
				return stamps
			}
			for p, st := range stamps {
				if was, ok := accept[p]; !ok || was != st || st.size != 0 {
					// Not the same emptied file as a moment ago: a newer save is being
					// written, and its event brings another reload.
					b.close()
					return nil
				}
			}
		}
	}
	if err != nil {
		printBuildError(s.opts.Stderr, err)
		fmt.Fprintf(s.opts.Stderr, "[goflare:error] the worker did not build; still serving the last good version\n")
		return nil
	}
	s.swapMu.Lock()
	olds := make([]*runtime.Isolate, len(s.isos))
	for i := range s.isos {
		olds[i] = s.isos[i].Swap(b.isos[i])
	}
	s.site.Store(b.site)
	s.worker, s.script, s.inputs = w, b.script, b.inputs
	s.swapMu.Unlock()
	s.pruneSite(ctx, b.staleSite)
	for _, old := range olds {
		s.closeLater(old)
	}
	fmt.Fprintf(s.out, "[goflare:info] Reloaded in %dms\n", time.Since(start).Milliseconds())
	if s.opts.LiveReload {
		s.live.reload()
	}
	return nil
}

// emptied are the files of empty (a new build's inputs the bundler read empty, or that
// are empty on disk now) that were among before (the running version's inputs). Both
// are asked: a save in place can be read while truncated and be whole again, with the
// same size and (on a coarse file clock) the same time, by the time the build ends.
func emptied(before []string, empty ...[]string) []string {
	was := make(map[string]bool, len(before))
	for _, p := range before {
		was[p] = true
	}
	var out []string
	for _, list := range empty {
		for _, p := range list {
			if was[p] {
				out = append(out, p)
				was[p] = false
			}
		}
	}
	return out
}

// emptyNow are those of paths that are empty files now.
func emptyNow(paths []string) []string {
	var out []string
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.Size() == 0 {
			out = append(out, p)
		}
	}
	return out
}

// fileStamp is what tells two versions of a file apart without reading it.
type fileStamp struct {
	size int64
	mod  time.Time
}

// statFiles stamps each of paths that exists.
func statFiles(paths []string) map[string]fileStamp {
	out := make(map[string]fileStamp, len(paths))
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			out[p] = fileStamp{fi.Size(), fi.ModTime()}
		}
	}
	return out
}

// changedDuring reports whether any of a build's inputs changed while it was being built
// (started at start): a file stamped before the build whose stamp differs now, or one
// not stamped then that was modified after start.
func changedDuring(before map[string]fileStamp, inputs []string, start time.Time) bool {
	for p, now := range statFiles(inputs) {
		if was, ok := before[p]; ok {
			if was != now {
				return true
			}
		} else if now.mod.After(start) {
			return true
		}
	}
	return false
}
