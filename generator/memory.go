package generator

import (
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// MemoryOutput keeps a build's files in memory: the preview server serves
// them from there, and tests compare two builds with it.
type MemoryOutput struct {
	mu    sync.Mutex
	files map[string][]byte
	names outputNames
}

// NewMemoryOutput returns an empty output.
func NewMemoryOutput() *MemoryOutput { return &MemoryOutput{files: map[string][]byte{}} }

// WriteFile stores a copy of data under name.
func (m *MemoryOutput) WriteFile(name string, data []byte) error {
	return m.keep(name, append([]byte(nil), data...))
}

// CopyFile stores the contents of src in fsys under name.
func (m *MemoryOutput) CopyFile(name string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return m.keep(name, data)
}

// keep stores data itself, which nobody may change afterwards.
func (m *MemoryOutput) keep(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("output name %q is not a clean relative path", name)
	}
	if _, err := m.names.claim(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// keepValid is keep for a name known to be valid: the last build wrote
// it. It reports false, keeping nothing, when this build has already
// written the name (see outputNames): the caller then writes the file
// anew, which reports why.
func (m *MemoryOutput) keepValid(name string, data []byte) bool {
	if _, err := m.names.claim(name); err != nil {
		return false
	}
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return true
}

// Files returns the files written, by name. The map and the bytes belong
// to the caller once the build is over; they must not be changed.
func (m *MemoryOutput) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}

// Names returns the names of the files written, sorted.
func (m *MemoryOutput) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
