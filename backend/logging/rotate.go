package logging

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// rotatingFile is an append-only file that, when the next write would take
// it past max bytes, is renamed to name.1 (name.1 to name.2, …, dropping
// name.<keep>) and started afresh. One mutex serialises writes, so each
// record (one Write from slog's JSON handler) lands whole in one file.
type rotatingFile struct {
	mu   sync.Mutex
	path string
	max  int64
	keep int
	f    *os.File
	size int64
}

func openRotating(path string, max int64, keep int) (*rotatingFile, error) {
	r := &rotatingFile{path: path, max: max, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("open log file: %w", err)
	}
	r.f, r.size = f, info.Size()
	return nil
}

func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	// A record larger than the limit still goes into a file of its own
	// rather than being cut or dropped.
	if r.size > 0 && r.size+int64(len(p)) > r.max {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *rotatingFile) rotate() error {
	if err := r.f.Close(); err != nil {
		return err
	}
	r.f = nil
	numbered := func(i int) string { return r.path + "." + strconv.Itoa(i) }
	// Renaming over the oldest drops it (os.Rename replaces on every OS Go
	// supports); a missing intermediate file is fine.
	for i := r.keep - 1; i >= 1; i-- {
		if err := os.Rename(numbered(i), numbered(i+1)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if r.keep >= 1 {
		if err := os.Rename(r.path, numbered(1)); err != nil && !os.IsNotExist(err) {
			return err
		}
	} else if err := os.Remove(r.path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return r.open()
}

func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
