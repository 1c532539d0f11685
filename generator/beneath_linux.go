package generator

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"sync"
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
	// Folders kept open to make folders in: most pages are made in a
	// few folders (archive/2024/), and each mkdirat then needs no
	// openat2 and close of its parent.
	parents    *sync.Map // folder → descriptor (int)
	nparents   atomic.Int32
	maxParents int32 // at most a quarter of the descriptors the process may open
}

func openBeneath(dir string) beneath {
	f, err := os.Open(dir)
	if err != nil {
		return beneath{}
	}
	var lim unix.Rlimit
	n := int32(0)
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &lim) == nil {
		n = int32(min(lim.Cur/4, 4096))
	}
	return beneath{dir: f, parents: new(sync.Map), maxParents: n}
}

// close closes the folders; no call may be in progress.
func (b *beneath) close() {
	if b.dir != nil {
		b.dir.Close()
		b.parents.Range(func(_, fd any) bool {
			unix.Close(fd.(int))
			return true
		})
	}
}

// create creates or truncates name for writing; false means it did not,
// for the caller to try os.Root, which gives the error if there is one.
func (b *beneath) create(name string) (int, bool) {
	if b.dir == nil || b.off.Load() || !fs.ValidPath(name) {
		return -1, false
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
		return -1, false
	}
	return fd, true
}

// createFile is create as an *os.File.
func (b *beneath) createFile(name string) (*os.File, bool) {
	fd, ok := b.create(name)
	if !ok {
		return nil, false
	}
	return os.NewFile(uintptr(fd), name), true
}

// writeFile creates or truncates name and writes data into it. It
// reports false when the file was not opened, for the caller to try
// os.Root, which gives the error if there is one.
func (b *beneath) writeFile(name string, data []byte) (bool, error) {
	fd, ok := b.create(name)
	if !ok {
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
		parent = path.Clean(parent)
		if fd, ok := b.parents.Load(parent); ok {
			pfd = fd.(int)
		} else {
			how := unix.OpenHow{
				Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
				Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
			}
			fd, err := unix.Openat2(pfd, parent, &how)
			if err != nil {
				return false
			}
			pfd = fd
			switch {
			case b.nparents.Add(1) > b.maxParents:
				defer unix.Close(fd)
			default:
				if other, loaded := b.parents.LoadOrStore(parent, fd); loaded {
					unix.Close(fd) // another call opened it first
					pfd = other.(int)
				}
			}
		}
	}
	return unix.Mkdirat(pfd, base, 0o755) == nil
}
