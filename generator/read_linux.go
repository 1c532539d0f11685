package generator

import (
	"os"
	"strings"
	"syscall"
)

// readDirect reads the file name (a slash path) under the folder dir with
// open, read and close alone. os.Open also makes each descriptor
// non-blocking, offers it to the network poller, which refuses regular
// files, and makes it blocking again, and os.ReadFile asks for the size:
// for thousands of small files those calls cost more than the reads.
// size is the size the walk saw, a hint. The file is read into buf when
// it is large enough, else into a new slice. ok is false when anything
// goes wrong; the caller then reads the file the usual way, which also
// words any error.
//
// A read that gives the size the walk saw, and less than it asked for,
// ends the file: a file that grew since gives at least the byte after,
// and asking again to be told so would be a system call more for every
// file of the archive.
func readDirect(dir, name string, size int64, buf []byte) (data []byte, ok bool) {
	if dir == "" {
		return nil, false
	}
	full := dir + "/" + name
	if dir[len(dir)-1] == '/' {
		full = dir + name
	}
	fd, err := syscall.Open(full, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	// One byte more than the size, so that the end of the file shows as
	// a read of nothing without a larger buffer.
	if want := max(size, 0) + 1; int64(cap(buf)) >= want {
		data = buf[:0]
	} else {
		data = make([]byte, 0, want)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err != nil || n < 0 {
			return nil, false
		}
		if n == 0 {
			return data, true
		}
		data = data[:len(data)+n]
		if int64(len(data)) == size && len(data) < cap(data) {
			return data, true
		}
	}
}

// openDirect opens the file name under dir for reading with one open: a
// descriptor os.Open would first offer to the network poller.
func openDirect(dir, name string) (*os.File, bool) {
	if dir == "" {
		return nil, false
	}
	fd, err := syscall.Open(strings.TrimSuffix(dir, "/")+"/"+name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	return os.NewFile(uintptr(fd), name), true
}
