package store

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// checkPages walks the page tree of tx's snapshot from the file itself and
// checks every page header and every element's bounds, before any bbolt
// cursor follows them. bbolt trusts them: a damaged offset or length
// makes it build a slice pointing outside its page, and when the page is a
// small bucket's that bbolt copied onto the Go heap (it copies unaligned
// ones), the garbage collector later finds that pointer and stops the
// whole process ("found bad pointer in Go heap"), which no recover can
// catch. The snapshot's pages cannot change under it: bbolt never
// rewrites a page a reader may still use.
//
// Layout (go.etcd.io/bbolt internal/common): a page header (id u64, flags
// u16, count u16, overflow u32), then count elements of 16 bytes: a
// branch's (pos u32, ksize u32, child page u64), a leaf's (flags u32, pos
// u32, ksize u32, vsize u32), pos counted from the element itself. A
// bucket's value is its header (root page u64, sequence u64), followed,
// when root is 0, by the bucket's own leaf page inline.
func checkPages(tx *bolt.Tx, f io.ReaderAt) error {
	const (
		headerSize   = 16
		elementSize  = 16
		branchFlag   = 0x01
		leafFlag     = 0x02
		bucketFlag   = 0x01
		maxNesting   = 64
		bucketHeader = 16
	)
	order := binary.NativeEndian
	pageSize := uint64(tx.DB().Info().PageSize)
	pages := uint64(tx.Size()) / pageSize
	seen := map[uint64]bool{}
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("the database file is damaged: "+format, args...)
	}
	var page func(id uint64, depth int) error
	// elements checks a page's elements and returns where the last one's
	// data ends.
	var elements func(p []byte, where string, depth int) (end uint64, err error)
	page = func(id uint64, depth int) error {
		if id < 2 || id >= pages {
			return damaged("a reference to page %d, outside the file's %d pages", id, pages)
		}
		if seen[id] {
			return damaged("page %d is reachable twice", id)
		}
		seen[id] = true
		header := make([]byte, headerSize)
		if _, err := f.ReadAt(header, int64(id*pageSize)); err != nil {
			return damaged("page %d cannot be read: %v", id, err)
		}
		overflow := uint64(order.Uint32(header[12:]))
		if order.Uint64(header) != id {
			return damaged("page %d calls itself page %d", id, order.Uint64(header))
		}
		if id+overflow >= pages {
			return damaged("page %d claims %d more pages, past the end of the file", id, overflow)
		}
		p := make([]byte, (1+overflow)*pageSize)
		if _, err := f.ReadAt(p, int64(id*pageSize)); err != nil {
			return damaged("page %d cannot be read: %v", id, err)
		}
		_, err := elements(p, fmt.Sprintf("page %d", id), depth)
		return err
	}
	elements = func(p []byte, where string, depth int) (uint64, error) {
		if depth > maxNesting {
			return 0, damaged("%s: buckets nested more than %d deep", where, maxNesting)
		}
		if len(p) < headerSize {
			return 0, damaged("%s: too short for a page header", where)
		}
		flags, count := order.Uint16(p[8:]), uint64(order.Uint16(p[10:]))
		if flags != branchFlag && flags != leafFlag {
			return 0, damaged("%s: not a branch or leaf page (flags %#x)", where, flags)
		}
		end := headerSize + count*elementSize
		if end > uint64(len(p)) {
			return 0, damaged("%s: %d elements do not fit in the page", where, count)
		}
		for i := range count {
			e := headerSize + i*elementSize
			el := p[e : e+elementSize]
			if flags == branchFlag {
				pos, ksize := uint64(order.Uint32(el)), uint64(order.Uint32(el[4:]))
				if e+pos+ksize > uint64(len(p)) {
					return 0, damaged("%s: element %d runs past the page", where, i)
				}
				end = max(end, e+pos+ksize)
				if err := page(order.Uint64(el[8:]), depth); err != nil {
					return 0, err
				}
				continue
			}
			elFlags, pos := order.Uint32(el), uint64(order.Uint32(el[4:]))
			ksize, vsize := uint64(order.Uint32(el[8:])), uint64(order.Uint32(el[12:]))
			if e+pos+ksize+vsize > uint64(len(p)) {
				return 0, damaged("%s: element %d runs past the page", where, i)
			}
			end = max(end, e+pos+ksize+vsize)
			if elFlags&bucketFlag == 0 {
				continue
			}
			key, value := p[e+pos:e+pos+ksize], p[e+pos+ksize:e+pos+ksize+vsize]
			if len(value) < bucketHeader {
				return 0, damaged("%s: the header of bucket %q is cut short", where, key)
			}
			root := order.Uint64(value)
			if root != 0 {
				if len(value) != bucketHeader {
					return 0, damaged("%s: bucket %q has a header of %d bytes", where, key, len(value))
				}
				if err := page(root, depth+1); err != nil {
					return 0, err
				}
				continue
			}
			// bbolt stores a small bucket's page inline, exactly as long as its contents.
			inline := value[bucketHeader:]
			used, err := elements(inline, fmt.Sprintf("%s, bucket %q", where, key), depth+1)
			if err != nil {
				return 0, err
			}
			if used != uint64(len(inline)) {
				return 0, damaged("%s: bucket %q is %d bytes long, but its contents end at %d", where, key, len(inline), used)
			}
		}
		return end, nil
	}
	return page(uint64(tx.Cursor().Bucket().Root()), 0)
}

// checkStructure runs checkPages once, at Open, so that what transactions
// then read has offsets within their pages: a file damaged there would
// otherwise take the process down at some later read. It reads the whole
// file once. The damage is returned as a *DamagedError.
func (db *DB) checkStructure() (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	err = db.bolt.View(db.checkPages)
	if err != nil {
		return &DamagedError{Reason: err.Error()}
	}
	return nil
}

func (db *DB) checkPages(tx *bolt.Tx) error {
	f, err := os.Open(db.path)
	if err != nil {
		return fmt.Errorf("read the pages: %w", err)
	}
	defer f.Close()
	return checkPages(tx, f)
}
