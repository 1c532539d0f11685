package generator

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// beneath opens files below a folder with openat2 and RESOLVE_BENEATH:
// the kernel resolves the whole name in one call and refuses any that
// would leave the folder, which os.Root does with a call per folder of
// the name. Writing a page is then three system calls instead of about
// ten. Where openat2 is missing or refuses a name, the caller goes
// through os.Root.
type beneath struct {
	dir *os.File
	off atomic.Bool // openat2 is not available
}

func openBeneath(dir string) beneath {
	f, err := os.Open(dir)
	if err != nil {
		return beneath{}
	}
	return beneath{dir: f}
}

func (b *beneath) close() {
	if b.dir != nil {
		b.dir.Close()
	}
}

// writeFile creates or truncates name and writes data into it. It
// reports false when the file was not opened, for the caller to try
// os.Root, which gives the error if there is one.
func (b *beneath) writeFile(name string, data []byte) (bool, error) {
	if b.dir == nil || b.off.Load() || !fs.ValidPath(name) {
		return false, nil
	}
	how := unix.OpenHow{
		Flags:   unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | unix.O_CLOEXEC,
		Mode:    0o644,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	fd, err := unix.Openat2(int(b.dir.Fd()), name, &how)
	for err == unix.EINTR || err == unix.EAGAIN {
		fd, err = unix.Openat2(int(b.dir.Fd()), name, &how)
	}
	if err != nil {
		if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
			b.off.Store(true)
		}
		return false, nil
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return true, &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return true, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return true, nil
}

// mkdir makes the folder dir, whose parent exists. It reports false when
// it did not, for the caller to try os.Root: openat2 refused the parent,
// or the folder is already there (made by another goroutine, or not a
// folder at all).
func (b *beneath) mkdir(dir string) bool {
	parent, base := path.Split(dir)
	if b.dir == nil || b.off.Load() || !fs.ValidPath(dir) {
		return false
	}
	pfd := int(b.dir.Fd())
	if parent != "" {
		how := unix.OpenHow{
			Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
		}
		fd, err := unix.Openat2(pfd, path.Clean(parent), &how)
		if err != nil {
			return false
		}
		defer unix.Close(fd)
		pfd = fd
	}
	return unix.Mkdirat(pfd, base, 0o755) == nil
}
