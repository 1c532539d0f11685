package preview

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// shortTimeouts are the server's timeouts scaled down for tests.
var shortTimeouts = timeouts{
	readHeader: 300 * time.Millisecond,
	read:       400 * time.Millisecond,
	write:      400 * time.Millisecond,
	idle:       400 * time.Millisecond,
	heartbeat:  100 * time.Millisecond,
}

// serveOn serves s through its HTTPServer on a loopback port and returns
// the address; active counts the requests being handled.
func serveOn(t *testing.T, s *Server) (addr string, active *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer()
	active = new(atomic.Int64)
	inner := hs.Handler
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		active.Add(1)
		defer active.Add(-1)
		inner.ServeHTTP(w, r)
	})
	go hs.Serve(ln)
	t.Cleanup(func() { s.Close(); hs.Close() })
	return ln.Addr().String(), active
}

// cutOff reports whether the server closes conn within d: a read ends
// in an error or EOF.
func cutOff(conn net.Conn, d time.Duration) bool {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

func TestSlowHeadersCutOff(t *testing.T) {
	s, _ := newTestServer(t, 2)
	s.timeouts = shortTimeouts
	addr, _ := serveOn(t, s)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan bool, 1)
	go func() { closed <- cutOff(conn, 5*time.Second) }()
	// A byte every 50 ms: the headers would take 2 s, far past the timeout.
	req := "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nAccept: */*\r\n\r\n"
	start := time.Now()
	for i := 0; i < len(req); i++ {
		if _, err := conn.Write([]byte{req[i]}); err != nil {
			break
		}
		select {
		case ok := <-closed:
			if !ok {
				t.Fatal("the connection stayed open")
			}
			if i == len(req)-1 {
				t.Fatal("the whole request was taken")
			}
			t.Logf("cut off after %d of %d bytes, %s", i+1, len(req), time.Since(start).Round(time.Millisecond))
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
	if !<-closed {
		t.Fatal("a client sending its headers byte by byte was not cut off")
	}
}

func TestStalledReaderCutOff(t *testing.T) {
	s, dir := newTestServer(t, 2)
	big := strings.Repeat("0123456789abcdef", 1<<20) // 16 MB: more than both sockets' buffers
	writeFile(t, dir, "static/big.bin", big)
	if !s.Rebuild("test").OK {
		t.Fatal("build failed")
	}
	s.timeouts = shortTimeouts
	addr, active := serveOn(t, s)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn := c.(*net.TCPConn)
	defer conn.Close()
	conn.SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
	// Never read: the handler must give up once the write timeout passes.
	deadline := time.Now().Add(5 * time.Second)
	time.Sleep(50 * time.Millisecond)
	for active.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the handler still writes to a client that reads nothing, 5 s on")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// What the kernel had buffered still arrives, slowly through the
	// small window; never the whole file.
	conn.SetReadDeadline(time.Now().Add(time.Second))
	n, _ := io.Copy(io.Discard, conn)
	if n >= int64(len(big)) {
		t.Fatalf("read %d bytes: the whole response went out", n)
	}
	t.Logf("the stalled client was dropped; it can still read %d of %d bytes in 1 s", n, len(big))
}

func TestIdleConnectionClosed(t *testing.T) {
	s, _ := newTestServer(t, 2)
	s.timeouts = shortTimeouts
	addr, _ := serveOn(t, s)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /css/site.css HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); err == nil {
		t.Fatal("unexpected bytes on an idle connection")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("an idle connection stayed open 5 s")
	}
	t.Logf("idle connection closed after %s", time.Since(start).Round(time.Millisecond))
}

// TestEventsOutliveTimeouts keeps a live-reload stream open for several
// times the read and write timeouts: heartbeats keep arriving and a
// rebuild still reaches the page.
func TestEventsOutliveTimeouts(t *testing.T) {
	s, dir := newTestServer(t, 3)
	s.timeouts = shortTimeouts
	addr, _ := serveOn(t, s)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("http://%s%s?page=/archive/2021/doc-00000/&gen=%d", addr, eventsPath, s.gen), nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	pings := 0
	end := time.After(1500 * time.Millisecond) // nearly four write timeouts
wait:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the stream ended after %d heartbeats", pings)
			}
			if l == ": ping" {
				pings++
			}
		case <-end:
			break wait
		}
	}
	if pings < 5 {
		t.Errorf("%d heartbeats in 1.5 s, want at least 5", pings)
	}
	writeFile(t, dir, genPath(0), genDoc(0, genTitle(0), "新增一段。\n"))
	s.Rebuild("test")
	timeout := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended before the reload")
			}
			if l == "event: reload" {
				return
			}
		case <-timeout:
			t.Fatal("no reload event 1.5 s into the stream")
		}
	}
}
