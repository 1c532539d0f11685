package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a stderr that the test reads while serve writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs gongkai serve on a new site until the test ends, and
// returns the address it says it serves and its stderr.
func startServe(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatalf("new site: %s", stderr)
	}
	out, stdout := io.Pipe()
	stderr := &lockedBuffer{}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, append([]string{"--source", dir, "--port", "0"}, args...), stdout, stderr)
		stdout.Close()
	}()
	t.Cleanup(func() {
		stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop 10 s after it was told to")
		}
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if url, ok := strings.CutPrefix(lines.Text(), "serving "); ok {
			go io.Copy(io.Discard, out) // the rest of the log
			return strings.TrimSuffix(url, " (Ctrl-C to stop)"), stderr
		}
	}
	t.Fatalf("serve said no address; stderr: %s", stderr)
	return "", nil
}

func TestServeLoopbackByDefault(t *testing.T) {
	url, stderr := startServe(t)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("serves %s by default, want 127.0.0.1", url)
	}
	if strings.Contains(stderr.String(), "WARNING") {
		t.Errorf("a warning on loopback: %s", stderr)
	}
	for path, want := range map[string]int{"": 200, "..%2fconfig.toml": 400, "%5c..%5cconfig.toml": 400} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || (want != 200 && strings.Contains(string(body), "baseURL")) {
			t.Errorf("GET /%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	http.DefaultClient.CloseIdleConnections()
}

func TestServeWarnsOffLoopback(t *testing.T) {
	_, stderr := startServe(t, "--bind", "0.0.0.0")
	if !strings.Contains(stderr.String(), "WARNING: listening on 0.0.0.0, not on 127.0.0.1") {
		t.Errorf("no warning when listening on every address; stderr: %q", stderr)
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.0.0.2": true, "::1": true, "localhost": true,
		"0.0.0.0": false, "::": false, "": false, "192.168.1.10": false, "example.org": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
