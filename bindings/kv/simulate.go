package kv

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Simulation is production KV's behaviour that local tools skip, each part opt-in
// (goflare dev --kv-write-limit, --kv-consistency, --kv-cache-ttl, --kv-quota), all on the
// goflare clock so that tests move it instead of waiting:
//
//   - WriteLimit: a second write (put or delete) to a key within a second is refused
//     with production's "KV PUT failed: 429 Too Many Requests".
//   - Consistency: a write is seen elsewhere only after this delay; the invocation that
//     wrote it sees it at once ("visible immediately in the same location").
//   - CacheTTL: a get with cacheTtl keeps what it read for that long in the isolate (an
//     edge location), so later writes are not seen there until it expires.
//   - Quota: the free plan's daily operations, refused with production's "KV put() limit
//     exceeded for the day." once spent.
//
// One Simulation serves every binding and isolate of a dev server.
type Simulation struct {
	WriteLimit  bool
	Consistency time.Duration
	CacheTTL    bool
	Quota       *Quota
	// Now is the goflare clock; nil is the real time.
	Now func() time.Time

	mu        sync.Mutex
	lastWrite map[string]time.Time
	history   map[string]*keyHistory
	usage     Usage
}

// Quota is a plan's daily limits.
type Quota struct {
	Reads   int `json:"reads"`
	Writes  int `json:"writes"`
	Deletes int `json:"deletes"`
	Lists   int `json:"lists"`
	// StorageBytes is what one namespace may hold.
	StorageBytes int64 `json:"storage_bytes"`
}

// FreeQuota is the Workers Free plan's KV limits: operations per UTC day, and 1 GB per
// namespace.
func FreeQuota() *Quota {
	return &Quota{Reads: 100_000, Writes: 1_000, Deletes: 1_000, Lists: 1_000, StorageBytes: 1 << 30}
}

// sizer is a store that can tell what a namespace holds (kvstore.Store).
type sizer interface {
	UsedBytes(ctx context.Context, ns string) (int64, error)
}

// errStorageFull is what a put gets once its namespace holds the quota's storage. The
// text production gives was not available to goflare; this one says what happened.
func errStorageFull(limit int64) error {
	return failed("PUT", 413, fmt.Sprintf("Payload Too Large (the namespace holds the free plan's %s of storage; goflare --kv-quota free)", humanBytes(limit)))
}

func humanBytes(n int64) string {
	if n%(1<<30) == 0 {
		return fmt.Sprintf("%d GB", n>>30)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkStorage refuses a put once namespace ns holds the quota's storage.
func (s *Simulation) checkStorage(ctx context.Context, store Store, ns string) error {
	if s == nil || s.Quota == nil || s.Quota.StorageBytes <= 0 {
		return nil
	}
	sz, ok := store.(sizer)
	if !ok {
		return nil
	}
	used, err := sz.UsedBytes(ctx, ns)
	if err != nil {
		return err
	}
	if used >= s.Quota.StorageBytes {
		return errStorageFull(s.Quota.StorageBytes)
	}
	return nil
}

// Usage is the operations of one UTC day.
type Usage struct {
	Day     string `json:"day"`
	Reads   int    `json:"reads"`
	Writes  int    `json:"writes"`
	Deletes int    `json:"deletes"`
	Lists   int    `json:"lists"`
}

// Active reports whether any part is on.
func (s *Simulation) Active() bool {
	return s != nil && (s.WriteLimit || s.Consistency > 0 || s.CacheTTL || s.Quota != nil)
}

// Describe is the start-up line's list of what is on.
func (s *Simulation) Describe() string {
	var parts []string
	if s.WriteLimit {
		parts = append(parts, "write limit (1 write per key per second)")
	}
	if s.Consistency > 0 {
		parts = append(parts, fmt.Sprintf("eventual consistency (writes seen elsewhere after %s)", seconds(s.Consistency)))
	}
	if s.CacheTTL {
		parts = append(parts, "cacheTtl honoured")
	}
	if s.Quota != nil {
		parts = append(parts, fmt.Sprintf("free plan quotas (%s reads, %s writes, %s deletes, %s lists per UTC day)", english.Sprint(s.Quota.Reads), english.Sprint(s.Quota.Writes), english.Sprint(s.Quota.Deletes), english.Sprint(s.Quota.Lists)))
	}
	return strings.Join(parts, ", ")
}

// seconds prints a duration as 60s, or as Go does when not whole seconds.
func seconds(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

func (s *Simulation) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// CurrentUsage is today's operations.
func (s *Simulation) CurrentUsage() Usage {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rollDay()
	return s.usage
}

func (s *Simulation) rollDay() {
	if day := s.now().UTC().Format("2006-01-02"); s.usage.Day != day {
		s.usage = Usage{Day: day}
	}
}

// Count takes one operation of kind ("get", "put", "delete", "list") from today's
// quota, or refuses it with production's error once the quota is spent.
func (s *Simulation) Count(kind string) error {
	if s == nil || s.Quota == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rollDay()
	var used *int
	var limit int
	switch kind {
	case "get":
		used, limit = &s.usage.Reads, s.Quota.Reads
	case "put":
		used, limit = &s.usage.Writes, s.Quota.Writes
	case "delete":
		used, limit = &s.usage.Deletes, s.Quota.Deletes
	case "list":
		used, limit = &s.usage.Lists, s.Quota.Lists
	default:
		return nil
	}
	if *used >= limit {
		return QuotaError(kind)
	}
	*used++
	return nil
}

// QuotaError is the error a binding operation gets once today's quota of its kind is
// spent.
func QuotaError(kind string) error {
	return jsx.PlainError(fmt.Sprintf("KV %s() limit exceeded for the day.", kind))
}

// beforeWrite applies the write limit to a put or delete of key (op is "PUT" or
// "DELETE"); it runs on the loop, in call order, so of concurrent writes to one key the
// first goes through.
func (s *Simulation) beforeWrite(op, ns, key string) error {
	if s == nil || !s.WriteLimit {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := ns + "\x00" + key
	now := s.now()
	if last, ok := s.lastWrite[id]; ok && now.Sub(last) < time.Second {
		return failed(op, 429, "Too Many Requests")
	}
	if s.lastWrite == nil {
		s.lastWrite = map[string]time.Time{}
	}
	s.lastWrite[id] = now
	return nil
}

// snapshot is a key's value at some time (absent for none).
type snapshot struct {
	absent     bool
	data       []byte
	metadata   string
	expiration int64
}

func (v snapshot) value() *kvstore.Value {
	if v.absent {
		return nil
	}
	return kvstore.NewValue(v.data, v.metadata, v.expiration)
}

// keyHistory is a key's writes not yet seen everywhere: what others saw before them,
// each write with its time, and the invocations that wrote (they see the latest).
type keyHistory struct {
	base    snapshot
	writes  []timedSnapshot
	writers map[*runtime.Invocation]bool
}

type timedSnapshot struct {
	at time.Time
	v  snapshot
}

func readSnapshot(ctx context.Context, store Store, ns, key string) (snapshot, error) {
	v, err := store.Get(ctx, ns, key)
	if err != nil || v == nil {
		return snapshot{absent: true}, err
	}
	data, err := v.Bytes()
	if err != nil {
		return snapshot{}, err
	}
	return snapshot{data: data, metadata: v.Metadata, expiration: v.Expiration}, nil
}

// write runs a write under eventual consistency: the value others see is recorded
// before it, and the value it left after it.
func (s *Simulation) write(ctx context.Context, inv *runtime.Invocation, store Store, ns, key string, do func() error) error {
	if s == nil || s.Consistency <= 0 {
		return do()
	}
	id := ns + "\x00" + key
	s.mu.Lock()
	s.prune(id)
	_, pending := s.history[id]
	s.mu.Unlock()
	var before snapshot
	if !pending {
		var err error
		if before, err = readSnapshot(ctx, store, ns, key); err != nil {
			return err
		}
	}
	if err := do(); err != nil {
		return err
	}
	after, err := readSnapshot(ctx, store, ns, key)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.history[id]
	if h == nil {
		if s.history == nil {
			s.history = map[string]*keyHistory{}
		}
		h = &keyHistory{base: before, writers: map[*runtime.Invocation]bool{}}
		s.history[id] = h
	}
	h.writes = append(h.writes, timedSnapshot{s.now(), after})
	h.writers[inv] = true
	return nil
}

// prune forgets a key's writes once everyone sees them; the caller holds mu.
func (s *Simulation) prune(id string) {
	h := s.history[id]
	if h == nil {
		return
	}
	cutoff := s.now().Add(-s.Consistency)
	i := 0
	for i < len(h.writes) && !h.writes[i].at.After(cutoff) {
		h.base = h.writes[i].v
		i++
	}
	h.writes = h.writes[i:]
	if len(h.writes) == 0 {
		delete(s.history, id)
	}
}

// seen is what inv sees of key under eventual consistency: ok false when it sees the
// store as it is (no pending write, or inv wrote it).
func (s *Simulation) seen(inv *runtime.Invocation, ns, key string) (snapshot, bool) {
	if s == nil || s.Consistency <= 0 {
		return snapshot{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := ns + "\x00" + key
	s.prune(id)
	h := s.history[id]
	if h == nil || h.writers[inv] {
		return snapshot{}, false
	}
	return h.base, true
}

// adjustList makes a list page what inv sees: keys written but not yet seen left out,
// keys deleted but still seen put back (where they sort within the page).
func (s *Simulation) adjustList(inv *runtime.Invocation, ns string, opts kvstore.ListOptions, res kvstore.ListResult) kvstore.ListResult {
	if s == nil || s.Consistency <= 0 {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prefix := ns + "\x00"
	present := map[string]bool{}
	for _, k := range res.Keys {
		present[k.Name] = true
	}
	var keys []kvstore.ListKey
	for _, k := range res.Keys {
		id := prefix + k.Name
		s.prune(id)
		if h := s.history[id]; h != nil && !h.writers[inv] && h.base.absent {
			continue // written since, not seen here yet
		}
		keys = append(keys, k)
	}
	for id, h := range s.history {
		name, ok := strings.CutPrefix(id, prefix)
		if !ok || present[name] || h.writers[inv] || h.base.absent || !strings.HasPrefix(name, opts.Prefix) {
			continue
		}
		s.prune(id)
		if s.history[id] == nil {
			continue
		}
		inPage := res.Complete || (len(res.Keys) > 0 && name < res.Keys[len(res.Keys)-1].Name)
		if opts.Cursor != "" && len(res.Keys) > 0 && name < res.Keys[0].Name {
			inPage = false
		}
		if inPage {
			k := kvstore.ListKey{Name: name, Metadata: h.base.metadata}
			if h.base.expiration != 0 {
				k.Expiration = h.base.expiration
			}
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	res.Keys = keys
	return res
}

// cached is a value a get with cacheTtl keeps in one isolate.
type cached struct {
	v       snapshot
	expires time.Time
}

// english prints numbers as wrangler's messages do, grouped in thousands (1,000).
var english = message.NewPrinter(language.English)
