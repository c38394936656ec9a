package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"gopkg.in/natefinch/lumberjack.v2"
)

// sink is the log file's writer. lumberjack does the size rotation; sink
// keeps logging going when the file cannot take a record — a rotation whose
// rename failed, a log folder gone, a single record over MaxSizeMiB — by
// sending the record to fallback (stderr) instead, after one record there
// saying why. When the file works again (lumberjack retries on every
// write), a record in the file says how many records went to stderr and
// why, so the gap is explained where support looks. One mutex serialises
// records, so each (one Write from slog's JSON handler) lands whole in one
// place.
type sink struct {
	mu       sync.Mutex
	file     *lumberjack.Logger
	fallback io.Writer
	closed   bool
	// failed is the file's last error while records go to fallback;
	// diverted counts those records.
	failed   error
	diverted int
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, os.ErrClosed
	}
	err := s.resume()
	if err == nil {
		if _, err = s.file.Write(p); err == nil {
			return len(p), nil
		}
	}
	if s.failed == nil {
		_ = report(s.fallback, "the log file fails: records go to stderr until it works again",
			slog.String("file", s.file.Filename), slog.Any("err", err))
	}
	s.failed = err
	s.diverted++
	return s.fallback.Write(p)
}

// resume writes the record that closes a failure into the file; its error
// means the file still fails.
func (s *sink) resume() error {
	if s.failed == nil {
		return nil
	}
	if err := report(s.file, "the log file failed: records went to stderr",
		slog.Int("records", s.diverted), slog.Any("err", s.failed)); err != nil {
		return err
	}
	s.failed, s.diverted = nil, 0
	return nil
}

// report writes one error record, redacted, as JSON to w.
func report(w io.Writer, msg string, attrs ...slog.Attr) error {
	r := slog.NewRecord(time.Now(), slog.LevelError, msg, 0)
	r.AddAttrs(attrs...)
	return NewRedactor(slog.NewJSONHandler(w, nil)).Handle(context.Background(), r)
}

// Close closes the file; later records are refused with os.ErrClosed
// (lumberjack alone would reopen the file).
func (s *sink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return s.file.Close()
}
