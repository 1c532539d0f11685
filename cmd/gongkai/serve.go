package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator"
	"github.com/gongkai/gongkai/generator/preview"
)

func cmdServe(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs gongkai serve until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "gongkai serve [--source DIR] [--bind 127.0.0.1] [--port 8080] [--open] [--strict]", stderr)
	source := fs.String("source", ".", "the site folder: config.toml, content/, and optionally layouts/ and static/")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on; anything but a loopback address lets other machines see unpublished work")
	port := fs.Int("port", 8080, "the port to listen on (0 picks a free one)")
	open := fs.Bool("open", false, "open the site in the default browser")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkSiteArgs(fs, *source, stderr); err != nil {
		return err
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "gongkai serve: --port %d is not a port (give 1 to 65535, or 0 for a free one)\n", *port)
		return exitError{2}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("cannot listen on %s port %d: %v (%s)", *bind, *port, err, listenHint(err))
	}
	defer ln.Close()

	ctx, stop := context.WithCancel(ctx)
	defer stop()
	srv := preview.New(preview.Config{Source: *source, Theme: gongkai.Theme, Build: generator.Options{Strict: *strict}, Log: stdout})
	watcher, err := srv.Watch()
	if err != nil {
		return fmt.Errorf("cannot watch %s for changes: %v", *source, err)
	}
	watched := make(chan error, 1)
	go func() { watched <- watcher.Run(ctx) }()
	// The first build comes after the watching starts, so no save is lost
	// between the two.
	first := srv.Rebuild("")
	if first.OK {
		fmt.Fprintf(stdout, "built %d %s, %d %s in %s\n", first.Documents, plural(first.Documents, "document"), first.Pages, plural(first.Pages, "page"), first.Elapsed.Round(time.Millisecond))
	}

	addr := ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost" // every address of this machine: this one works here
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
	if !isLoopback(*bind) {
		fmt.Fprintf(stderr, "WARNING: listening on %s, not on 127.0.0.1: anyone who can reach this machine can read the preview,\n"+
			"including documents not yet published. Use --bind 127.0.0.1 unless that is what you want.\n", *bind)
	}
	fmt.Fprintf(stdout, "serving %s (Ctrl-C to stop)\n", url)
	if *open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(stderr, "cannot open a browser (%v); open %s yourself\n", err, url)
		}
	}

	hs := srv.HTTPServer() // every connection bounded in time; live-reload streams kept open
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-served:
		stop()
		<-watched
		return err
	case err := <-watched:
		if err != nil {
			fmt.Fprintf(stderr, "gongkai serve: watching stopped: %v; saves are no longer seen (restart gongkai serve)\n", err)
		}
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "\nstopping")
	srv.Close() // ends the live-reload streams, which would hold Shutdown
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown)
	<-served
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// isLoopback reports whether an address to bind to is reachable from
// this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// listenHint says what to do when serve cannot listen. Where the error
// tells the port from the address, one hint; elsewhere both: Windows
// reports its own codes (WSAEADDRINUSE), which syscall.EADDRINUSE does
// not match there.
func listenHint(err error) string {
	const port, bind = "is another server using the port? choose another with --port", "check --bind: it must be an address of this machine, such as 127.0.0.1"
	var dns *net.DNSError
	var addr *net.AddrError
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return port
	case errors.Is(err, syscall.EADDRNOTAVAIL) || errors.As(err, &dns) || errors.As(err, &addr):
		return bind
	}
	return port + "; or " + bind
}
