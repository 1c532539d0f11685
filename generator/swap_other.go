//go:build !linux

package generator

import "errors"

func exchange(a, b string) error { return errors.ErrUnsupported }
