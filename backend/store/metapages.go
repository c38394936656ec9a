package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt keeps two meta pages, at pages 0 and 1; commit N writes page N%2.
// Opening, bbolt takes the valid one with the higher transaction id, so a
// damaged newest meta page makes it fall back silently to the commit
// before. checkMetaPages reads both pages from the file to say so.
//
// Layout (go.etcd.io/bbolt internal/common page.go and meta.go, native byte
// order): a 16-byte page header — id u64, flags u16, count u16, overflow
// u32 — then the meta: magic u32, version u32, page size u32, flags u32,
// root bucket (root page u64, sequence u64), freelist page u64, high-water
// page u64, txid u64, and checksum u64, the FNV-64a of the 56 bytes before it.
const (
	metaPageHeaderSize = 16
	metaSize           = 64
	metaChecksumAt     = 56
	metaFreelistAt     = 32
	metaTxidAt         = 48
	metaMagic          = 0xED0CDAED
	metaVersion        = 2
	metaPageFlag       = 0x04
	freelistPageFlag   = 0x10
	noFreelist         = ^uint64(0) // bbolt's PgidNoFreelist
)

type metaPage struct {
	damage   string // empty when the page is valid
	txid     uint64 // as stored: to be trusted only when damage is empty
	freelist uint64 // the freelist's page, likewise
}

func readMetaPage(f io.ReaderAt, index, pageSize int) metaPage {
	buf := make([]byte, metaPageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, int64(index*pageSize)); err != nil {
		return metaPage{damage: fmt.Sprintf("cannot be read (%v)", err)}
	}
	order := binary.NativeEndian
	header, meta := buf[:metaPageHeaderSize], buf[metaPageHeaderSize:]
	page := metaPage{txid: order.Uint64(meta[metaTxidAt:]), freelist: order.Uint64(meta[metaFreelistAt:])}
	sum := fnv.New64a()
	sum.Write(meta[:metaChecksumAt])
	switch {
	case order.Uint32(meta) != metaMagic:
		page.damage = "its magic number is wrong"
	case order.Uint32(meta[4:]) != metaVersion:
		page.damage = "its format version is wrong"
	case order.Uint64(meta[metaChecksumAt:]) != sum.Sum64():
		page.damage = "its checksum does not match"
	case order.Uint64(header) != uint64(index) || order.Uint16(header[8:]) != metaPageFlag ||
		!bytes.Equal(header[10:], make([]byte, 6)):
		page.damage = "its page header is wrong"
	}
	return page
}

// checkMetaPages reports a damaged meta page, and whether bbolt therefore
// read the file as of an older commit than the newest. It also checks the
// page headers that bbolt's own tx.Check asserts on (both meta pages and
// the freelist's) in a goroutine of its own, where the failed assertion
// would kill the process: headersOK false means tx.Check must not run.
func (db *DB) checkMetaPages() (problems []error, headersOK bool) {
	// Holding the writer's lock keeps a commit from rewriting a meta page
	// while it is read. A read-only open has no writer to wait for.
	if !db.bolt.IsReadOnly() {
		tx, err := db.bolt.Begin(true)
		if err != nil {
			return []error{fmt.Errorf("read the meta pages: %w", err)}, false
		}
		defer func() { _ = tx.Rollback() }()
	}
	f, err := os.Open(db.path)
	if err != nil {
		return []error{fmt.Errorf("read the meta pages: %w", err)}, false
	}
	defer f.Close()
	pageSize := db.bolt.Info().PageSize
	pages := [2]metaPage{readMetaPage(f, 0, pageSize), readMetaPage(f, 1, pageSize)}
	headersOK = true
	for i, p := range pages {
		headersOK = headersOK && p.damage != "its page header is wrong"
		good := pages[1-i]
		switch {
		case p.damage == "":
		case good.damage != "":
			problems = append(problems, fmt.Errorf("the database file is damaged: meta page %d: %s", i, p.damage))
		case p.txid == good.txid+1:
			problems = append(problems, fmt.Errorf(
				"the database file is damaged: the newest commit's meta page (page %d, transaction %d) is damaged (%s); the file was read as of transaction %d, so that last commit is lost",
				i, p.txid, p.damage, good.txid))
		case p.txid+1 == good.txid:
			problems = append(problems, fmt.Errorf(
				"the database file is damaged: the previous commit's meta page (page %d, transaction %d) is damaged (%s); the file reads as of the newest, transaction %d, and the next write replaces the damaged page",
				i, p.txid, p.damage, good.txid))
		default:
			problems = append(problems, fmt.Errorf(
				"the database file is damaged: meta page %d is damaged (%s) and its transaction id is unreadable; the file was read as of transaction %d, which may not be the newest commit",
				i, p.damage, good.txid))
		}
	}
	current := pages[0]
	if pages[1].damage == "" && (current.damage != "" || pages[1].txid > current.txid) {
		current = pages[1]
	}
	header := make([]byte, metaPageHeaderSize)
	_, err = f.ReadAt(header, int64(current.freelist)*int64(pageSize))
	if current.damage == "" && current.freelist != noFreelist && (err != nil || binary.NativeEndian.Uint64(header) != current.freelist ||
		binary.NativeEndian.Uint16(header[8:]) != freelistPageFlag) {
		problems = append(problems, fmt.Errorf("the database file is damaged: the header of the free-page list (page %d) is wrong", current.freelist))
		headersOK = false
	}
	return problems, headersOK
}
