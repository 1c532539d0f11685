//go:build !linux

package generator

import "os"

// beneath is a faster way to write files on some systems; here there is
// none, and dirOutput writes through os.Root.
type beneath struct{}

func openBeneath(dir string) beneath { return beneath{} }

func (b *beneath) close() {}

func (b *beneath) writeFile(name string, data []byte) (bool, error) { return false, nil }

func (b *beneath) mkdir(dir string) bool { return false }

func (b *beneath) createFile(name string) (*os.File, bool) { return nil, false }
