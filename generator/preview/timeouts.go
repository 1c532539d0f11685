package preview

import (
	"net/http"
	"time"
)

// timeouts bound how long one client may hold a connection, so that a
// slow or stalled client cannot pin the server's goroutines and memory.
type timeouts struct {
	readHeader time.Duration // to send the request line and headers
	read       time.Duration // to send the whole request
	write      time.Duration // to take a response; each live-reload event gets its own
	idle       time.Duration // between requests on a kept-alive connection
	heartbeat  time.Duration // between the comments that keep a live-reload stream open
}

var defaultTimeouts = timeouts{
	readHeader: 10 * time.Second,
	read:       30 * time.Second,
	write:      30 * time.Second,
	idle:       2 * time.Minute,
	heartbeat:  20 * time.Second,
}

// HTTPServer returns an http.Server for s whose every connection is
// bounded in time: a client that sends its request too slowly, or does
// not read the response, is cut off. Live-reload streams stay open as
// long as the page does: each event and heartbeat is given the write
// timeout anew.
func (s *Server) HTTPServer() *http.Server {
	t := s.timeouts
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: t.readHeader,
		ReadTimeout:       t.read,
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
	}
}
