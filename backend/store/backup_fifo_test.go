//go:build !windows

package store_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

// stuckFIFO returns a FIFO with a reader that never reads.
func stuckFIFO(t *testing.T) (fifo string, reader *os.File) {
	t.Helper()
	fifo = filepath.Join(t.TempDir(), "backup.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	reader, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reader.Close() })
	return fifo, reader
}

// Issue 11: a backup into a FIFO nobody drains froze the app. The app's
// reads and writes answer while the copy is stuck (the snapshot's
// transaction ended before the copy started). No clock decides the
// outcome: the copy stays stuck until the test closes the reader.
func TestTheAppKeepsAnsweringWhileABackupIsStuck(t *testing.T) {
	db := testutil.OpenDB(t)
	addPictures(t, db, "big", 2, 256<<10) // more than a pipe's 64 KiB buffer
	fifo, reader := stuckFIFO(t)
	snap := snapshotOf(t, db)
	published := make(chan error, 1)
	go func() { published <- store.Publish(snap, fifo, time.Hour) }() // the idle timeout is not what ends it
	// The first bytes in the pipe: the copy has begun, and is stuck.
	testutil.AwaitReadable(t, reader)
	if _, err := createUser(t, db, "during", "during@example.com"); err != nil {
		t.Fatal(err)
	}
	if !hasUser(t, db, "during") {
		t.Fatal("the write during the backup is not visible")
	}
	select {
	case err := <-published:
		t.Fatalf("publish returned (%v) before the write and read: the test proves nothing", err)
	default:
	}
	_ = reader.Close() // the copy's next write fails
	if err := <-published; err == nil {
		t.Fatal("publish into a pipe whose reader left succeeded")
	}
}

// A FIFO nobody drains: Publish gives up after the idle timeout.
func TestBackupIntoAStuckFIFOTimesOut(t *testing.T) {
	db := testutil.OpenDB(t)
	addPictures(t, db, "big", 2, 256<<10)
	fifo, _ := stuckFIFO(t)
	const idle = time.Second // the timeout under test; nothing else waits on it
	if err := store.Publish(snapshotOf(t, db), fifo, idle); !errors.Is(err, store.ErrIdle) {
		t.Fatalf("publish into a stuck FIFO: err = %v, want ErrIdle", err)
	}
}

func TestPublishIntoAFIFONothingReadsFailsAtOnce(t *testing.T) {
	db := testutil.OpenDB(t)
	fifo := filepath.Join(t.TempDir(), "backup.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	err := store.Publish(snapshotOf(t, db), fifo, time.Hour)
	if err == nil || !strings.Contains(err.Error(), "nothing is reading") {
		t.Fatalf("err = %v, want the missing reader named", err)
	}
}

func TestPublishStreamsIntoAFIFOThatIsRead(t *testing.T) {
	db := testutil.OpenDB(t)
	addPictures(t, db, "big", 1, 256<<10)
	fifo := filepath.Join(t.TempDir(), "backup.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	reader, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	// A writer of our own keeps reads waiting for data instead of seeing
	// the end of a pipe that Publish has not opened yet.
	keepOpen, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer keepOpen.Close()
	snap := snapshotOf(t, db)
	want, _ := os.ReadFile(snap)
	published := make(chan error, 1)
	go func() { published <- store.Publish(snap, fifo, time.Minute) }()
	got := make([]byte, len(want))
	if _, err := io.ReadFull(reader, got); err != nil {
		t.Fatal(err)
	}
	if err := <-published; err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("the bytes read from the FIFO differ from the snapshot")
	}
}

// A destination without deadlines (here a pipe in blocking mode, like a
// file on a hung network mount) is guarded by the watchdog instead.
func TestStreamIntoADestinationWithoutDeadlinesTimesOut(t *testing.T) {
	db := testutil.OpenDB(t)
	addPictures(t, db, "big", 2, 256<<10)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close() // lets the abandoned write fail and its goroutine end
	fd, err := syscall.Dup(int(w.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	if err := syscall.SetNonblock(fd, false); err != nil {
		t.Fatal(err)
	}
	blocking := os.NewFile(uintptr(fd), "blocking pipe")
	defer blocking.Close()
	if err := blocking.SetWriteDeadline(time.Now()); err == nil {
		t.Fatal("control: the blocking pipe takes deadlines, so the watchdog is not what is tested")
	}
	if err := store.Stream(snapshotOf(t, db), blocking, time.Second); !errors.Is(err, store.ErrIdle) {
		t.Fatalf("err = %v, want ErrIdle", err)
	}
}

// fifoAt makes a FIFO in a fresh folder.
func fifoAt(t *testing.T) string {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "source.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	return fifo
}

// streamInto streams src into a new regular file and returns the file.
func streamInto(t *testing.T, src string, idle time.Duration) (*os.File, error) {
	t.Helper()
	dst, err := os.Create(filepath.Join(t.TempDir(), "copy"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dst.Close() })
	return dst, store.Stream(src, dst, idle)
}

// `passdesk restore FIFO` with nothing ever writing into the FIFO used to
// wait forever in open(2): the source is now bounded by the idle timeout.
func TestStreamFromAFIFONothingWritesToFailsAfterTheIdleTimeout(t *testing.T) {
	fifo := fifoAt(t)
	const idle = time.Second // the timeout under test; nothing else waits on it
	start := time.Now()
	_, err := streamInto(t, fifo, idle)
	if !errors.Is(err, store.ErrSourceIdle) || !strings.Contains(err.Error(), "nothing is writing to "+fifo) {
		t.Fatalf("err = %v, want ErrSourceIdle naming the FIFO", err)
	}
	if took := time.Since(start); took < idle {
		t.Fatalf("gave up after %v, before the idle timeout %v", took, idle)
	}
}

// A writer that sends some bytes and then stalls fails the copy the same
// way, blamed on the source, not the destination.
func TestStreamFromAFIFOWhoseWriterStallsFailsAfterTheIdleTimeout(t *testing.T) {
	fifo := fifoAt(t)
	release := make(chan struct{})
	defer close(release)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // waits for Stream to open the FIFO
		if err != nil {
			return
		}
		defer w.Close()
		_, _ = w.Write(make([]byte, 4096))
		<-release
	}()
	_, err := streamInto(t, fifo, time.Second)
	if !errors.Is(err, store.ErrSourceIdle) || errors.Is(err, store.ErrIdle) {
		t.Fatalf("err = %v, want ErrSourceIdle", err)
	}
}

func TestStreamFromAFIFOCopiesWhatIsWrittenIntoIt(t *testing.T) {
	db := testutil.OpenDB(t)
	addPictures(t, db, "big", 1, 256<<10) // more than a pipe's 64 KiB buffer
	want, err := os.ReadFile(snapshotOf(t, db))
	if err != nil {
		t.Fatal(err)
	}
	fifo := fifoAt(t)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		_, _ = w.Write(want)
	}()
	dst, err := streamInto(t, fifo, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst.Name()); string(got) != string(want) {
		t.Fatalf("copied %d bytes, want the %d written into the FIFO", len(got), len(want))
	}
}
