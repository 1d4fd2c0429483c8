package kvstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests run the store in child processes (this test binary re-executed with
// KVSTORE_HELPER set) to check what one process cannot: durability when killed, and two
// processes sharing one file.

// helperMain runs in a child process; see TestMain.
func helperMain() {
	role, path := os.Getenv("KVSTORE_HELPER"), os.Getenv("KVSTORE_PATH")
	s := New(path, Options{PurgeInterval: -1})
	if err := s.Open(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(2)
	}
	var err error
	switch role {
	case "writer":
		err = helperWriter(s, os.Getenv("KVSTORE_PREFIX"))
	case "mixed":
		err = helperMixed(s, os.Getenv("KVSTORE_PREFIX"))
	default:
		err = fmt.Errorf("unknown helper %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s.Close()
	os.Exit(0)
}

// crashValue is the value the writer stores under key number i: every fifth one large
// enough to span several chunks.
func crashValue(prefix string, i int) []byte {
	n := 40 + i%100
	if i%5 == 0 {
		n = 2*chunkSize + i
	}
	b := make([]byte, n)
	r := rand.New(rand.NewSource(int64(i) + int64(len(prefix))*1_000_003))
	r.Read(b)
	return b
}

// helperWriter puts keys forever, alone or ten at a time with PutMany, printing
// "ack N" once the put of key N has returned.
func helperWriter(s *Store, prefix string) error {
	ctx := context.Background()
	for i := 0; ; {
		if i%30 == 10 {
			batch := make([]PutEntry, 10)
			for j := range batch {
				batch[j] = PutEntry{Key: fmt.Sprintf("%s%06d", prefix, i+j), Value: bytes.NewReader(crashValue(prefix, i+j))}
			}
			if err := s.PutMany(ctx, "crash", batch); err != nil {
				return err
			}
			for j := range batch {
				fmt.Printf("ack %d\n", i+j)
			}
			i += 10
			continue
		}
		if err := s.Put(ctx, "crash", fmt.Sprintf("%s%06d", prefix, i), bytes.NewReader(crashValue(prefix, i)), PutOptions{}); err != nil {
			return err
		}
		fmt.Printf("ack %d\n", i)
		i++
	}
}

// helperMixed writes, reads and lists its own keys; any error fails the process.
func helperMixed(s *Store, prefix string) error {
	ctx := context.Background()
	for i := 0; i < 400; i++ {
		key := fmt.Sprintf("%s%04d", prefix, i)
		if err := s.Put(ctx, "shared", key, strings.NewReader(key), PutOptions{}); err != nil {
			return fmt.Errorf("put %s: %w", key, err)
		}
		if i%10 == 0 {
			batch := []PutEntry{{Key: key + "-b1", Value: strings.NewReader("b")}, {Key: key + "-b2", Value: strings.NewReader("b")}}
			if err := s.PutMany(ctx, "shared", batch); err != nil {
				return fmt.Errorf("put many: %w", err)
			}
			if err := s.DeleteMany(ctx, "shared", []string{key + "-b1", key + "-b2"}); err != nil {
				return fmt.Errorf("delete many: %w", err)
			}
		}
		v, err := s.Get(ctx, "shared", key)
		if err != nil || v == nil {
			return fmt.Errorf("get %s: %v %v", key, v, err)
		}
		if i%25 == 0 {
			if _, err := s.List(ctx, "shared", ListOptions{Prefix: prefix}); err != nil {
				return fmt.Errorf("list: %w", err)
			}
		}
	}
	return nil
}

func helperCommand(t *testing.T, role, path, prefix string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KVSTORE_HELPER="+role, "KVSTORE_PATH="+path, "KVSTORE_PREFIX="+prefix)
	return cmd
}

func TestKilledWriterLosesNothingAcknowledged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goflare.sqlite")
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[string]int{} // key -> value number
	for round := 0; round < 5; round++ {
		prefix := fmt.Sprintf("r%d-", round)
		cmd := helperCommand(t, "writer", path, prefix)
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Let it write for a random while after its first acknowledgement, then kill it
		// without warning. The clock starts at the first ack, not at Start: under load the
		// child may take longer than the whole window just to start and open the file.
		var deadline <-chan time.Time
		n := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("writer ended by itself: %s", stderr.String())
				}
				i, _ := strconv.Atoi(strings.TrimPrefix(l, "ack "))
				acked[fmt.Sprintf("%s%06d", prefix, i)] = i
				if n++; n == 1 {
					deadline = time.After(time.Duration(rng.Intn(400)) * time.Millisecond)
				}
			case <-deadline:
				cmd.Process.Kill() // SIGKILL
				for l := range lines {
					i, _ := strconv.Atoi(strings.TrimPrefix(l, "ack "))
					acked[fmt.Sprintf("%s%06d", prefix, i)] = i
				}
				break read
			}
		}
		cmd.Wait()
		if n == 0 {
			t.Fatalf("round %d: nothing acknowledged before the kill", round)
		}

		s := New(path, Options{PurgeInterval: -1})
		if err := s.Open(context.Background()); err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		var check string
		s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
		if check != "ok" {
			t.Fatalf("round %d: integrity_check = %q", round, check)
		}
		for key, i := range acked {
			p := key[:strings.Index(key, "-")+1]
			v, err := s.Get(context.Background(), "crash", key)
			if err != nil || v == nil {
				t.Fatalf("round %d: acknowledged key %s lost (%v)", round, key, err)
			}
			if b, _ := v.Bytes(); !bytes.Equal(b, crashValue(p, i)) {
				t.Fatalf("round %d: key %s has the wrong value", round, key)
			}
		}
		s.Close()
		t.Logf("round %d: %d keys acknowledged in total, all present", round, len(acked))
	}
}

func TestTwoProcessesShareOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goflare.sqlite")
	s := New(path, Options{PurgeInterval: -1})
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var cmds []*exec.Cmd
	var errs []*bytes.Buffer
	for _, prefix := range []string{"a-", "b-"} {
		cmd := helperCommand(t, "mixed", path, prefix)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		errs = append(errs, &stderr)
	}
	// This process writes and lists too, at the same time.
	ctx := context.Background()
	for i := 0; i < 200; i++ {
		if err := s.Put(ctx, "shared", fmt.Sprintf("p-%04d", i), strings.NewReader("p"), PutOptions{}); err != nil {
			t.Fatalf("parent put: %v", err)
		}
		if _, err := s.List(ctx, "shared", ListOptions{Limit: 50}); err != nil {
			t.Fatalf("parent list: %v", err)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v: %s", i, err, errs[i].String())
		}
	}
	count := map[string]int{}
	res := ListResult{}
	for first := true; first || !res.Complete; first = false {
		var err error
		res, err = s.List(ctx, "shared", ListOptions{Cursor: res.Cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range res.Keys {
			count[k.Name[:2]]++
		}
	}
	if count["a-"] != 400 || count["b-"] != 400 || count["p-"] != 200 {
		t.Fatalf("keys per writer = %v, want 400/400/200", count)
	}
}
