package store

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The case, made once per process: 1,000 users' pictures (96 KiB
// each plus a 9.6 KiB thumbnail, about 100 MiB) of which 940 were then
// deleted, leaving about 6 MiB of live data in a file of over 100 MiB.
var benchWaste struct {
	once sync.Once
	path string
	err  error
}

func wastefulFile(b *testing.B) string {
	benchWaste.once.Do(func() { benchWaste.path, benchWaste.err = makeWastefulFile() })
	if benchWaste.err != nil {
		b.Fatal(benchWaste.err)
	}
	return benchWaste.path
}

func makeWastefulFile() (string, error) {
	dir, err := os.MkdirTemp("", "passdesk-compact-bench-")
	if err != nil {
		return "", err
	}
	db, err := Open(filepath.Join(dir, FileName), Options{})
	if err != nil {
		return "", err
	}
	defer db.Close()
	picture := make([]byte, 96<<10)
	var ids []uint64
	for batch := range 10 {
		err := db.Update(func(tx *Tx) error {
			for i := range 100 {
				if _, err := rand.Read(picture); err != nil {
					return err
				}
				u := User{Username: fmt.Sprintf("u%d-%d", batch, i), Email: fmt.Sprintf("u%d-%d@example.com", batch, i)}
				if err := tx.CreateUser(&u, "$argon2id$hash"); err != nil {
					return err
				}
				ids = append(ids, u.ID)
				if err := tx.PutAvatar(u.ID, picture, picture[:len(picture)/10]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	err = db.Update(func(tx *Tx) error {
		for _, id := range ids[60:] {
			if err := tx.DeleteUser(id); err != nil {
				return err
			}
		}
		return nil
	})
	return db.path, err
}

// openCopy copies the file at src into dir and opens it without Open's
// automatic compaction, which would do the work before it is measured.
func openCopy(b *testing.B, src, dir string) *DB {
	b.Helper()
	dst := filepath.Join(dir, fmt.Sprintf("copy-%d.db", time.Now().UnixNano()))
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	bdb, err := openBolt(dst, false)
	if err != nil {
		b.Fatal(err)
	}
	return &DB{bolt: bdb, path: dst, now: time.Now}
}

// BenchmarkCompact rewrites the 100 MiB file of deleted pictures (what
// DeleteAccount and the start-up compaction do), next to the baseline of
// the same run: a plain copy of the same file with bbolt's tx.WriteTo and
// an fsync, which keeps the freed pages. It also reports the file's size
// before and after.
func BenchmarkCompact(b *testing.B) {
	src := wastefulFile(b)
	var before, after int64
	b.Run("compact_100MiB", func(b *testing.B) {
		dir := b.TempDir()
		var took time.Duration
		for range b.N {
			db := openCopy(b, src, dir)
			stats, err := db.Compact()
			if err != nil {
				b.Fatal(err)
			}
			took += stats.Took
			before, after = stats.Before, stats.After
			_ = db.Close()
			_ = os.Remove(db.path)
		}
		b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/compact")
	})
	b.Run("copy_100MiB", func(b *testing.B) {
		dir := b.TempDir()
		var took time.Duration
		for range b.N {
			db := openCopy(b, src, dir)
			start := time.Now()
			if err := plainCopy(db, filepath.Join(dir, "plain.db")); err != nil {
				b.Fatal(err)
			}
			took += time.Since(start)
			_ = db.Close()
			_ = os.Remove(db.path)
		}
		b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/copy")
	})
	for name, size := range map[string]*int64{"size_before_100MiB": &before, "size_after_100MiB": &after} {
		b.Run(name, func(b *testing.B) { b.ReportMetric(float64(*size)/(1<<20), "MiB") })
	}
}

// plainCopy is the baseline: bbolt's own consistent copy into a new file, fsynced.
func plainCopy(db *DB, dst string) error {
	defer os.Remove(dst)
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := db.bolt.View(func(tx *bolt.Tx) error { _, err := tx.WriteTo(f); return err }); err != nil {
		return err
	}
	return f.Sync()
}
