package generator

import (
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// removeTree removes dir and everything in it, as os.RemoveAll does, on
// every core: a published site is tens of thousands of files and
// folders, and removing each is a system call. The subfolders and the
// files of large folders are shared out among goroutines; whatever that
// leaves (an error, a folder it could not open) goes to os.RemoveAll,
// which also gives the error.
func removeTree(dir string) error {
	if n := runtime.GOMAXPROCS(0); n > 1 {
		t := &treeRemover{slots: make(chan struct{}, n-1)}
		t.dir(unix.AT_FDCWD, dir)
	}
	return os.RemoveAll(dir)
}

// treeRemover removes folders, starting a goroutine for a subfolder or a
// batch of files while fewer than slots are running.
type treeRemover struct {
	slots chan struct{}
}

// removeBatch is how many files of one folder a goroutine removes.
const removeBatch = 512

// spawn runs f on a new goroutine if a slot is free, else on this one.
func (t *treeRemover) spawn(wg *sync.WaitGroup, f func()) {
	select {
	case t.slots <- struct{}{}:
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
			<-t.slots
		}()
	default:
		f()
	}
}

// dir removes the folder name, relative to the open folder parent, with
// its contents. Symbolic links are removed, never followed.
func (t *treeRemover) dir(parent int, name string) {
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	var files []string
	for _, e := range entries {
		if e.IsDir() {
			sub := e.Name()
			t.spawn(&wg, func() { t.dir(fd, sub) })
		} else {
			files = append(files, e.Name())
		}
	}
	for len(files) > 0 {
		batch := files[:min(len(files), removeBatch)]
		files = files[len(batch):]
		t.spawn(&wg, func() {
			for _, file := range batch {
				unix.Unlinkat(fd, file, 0)
			}
		})
	}
	wg.Wait()
	unix.Unlinkat(parent, name, unix.AT_REMOVEDIR)
}
