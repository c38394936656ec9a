package kdf

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// TestSplitGivesTwoKeysUnlikeEachOtherAndTheirSource: one argon2id output
// gives a verifier and a wrapping key of SplitSize bytes, the same ones
// every time; they differ from each other and from the output, and another
// output gives others.
func TestSplitGivesTwoKeysUnlikeEachOtherAndTheirSource(t *testing.T) {
	master := Key("correct horse 42", []byte("sixteen byte slt"), Minimum, MasterSize)
	verifier, wrapKey := Split(master)
	if len(verifier) != SplitSize || len(wrapKey) != SplitSize {
		t.Fatalf("sizes %d and %d", len(verifier), len(wrapKey))
	}
	if bytes.Equal(verifier, wrapKey) || bytes.Equal(verifier, master) || bytes.Equal(wrapKey, master) {
		t.Fatal("the verifier, the wrapping key and the argon2id output are not three different keys")
	}
	if v, w := Split(master); !bytes.Equal(v, verifier) || !bytes.Equal(w, wrapKey) {
		t.Fatal("Split is not deterministic")
	}
	other := Key("correct horse 43", []byte("sixteen byte slt"), Minimum, MasterSize)
	if v, w := Split(other); bytes.Equal(v, verifier) || bytes.Equal(w, wrapKey) {
		t.Fatal("another password gives the same keys")
	}
}

// TestSplitIsHKDFExpandWithItsLabels pins Split's output: every stored
// verifier and wrapped data key depends on it, so a change of HKDF code
// must give the same bytes. Expected: HMAC-SHA256(master, label || 0x01),
// RFC 5869's expand for one block, computed apart from Go (Python's hmac).
func TestSplitIsHKDFExpandWithItsLabels(t *testing.T) {
	master := make([]byte, MasterSize)
	for i := range master {
		master[i] = byte(i)
	}
	verifier, wrapKey := Split(master)
	if got, want := hex.EncodeToString(verifier), "2b5468c3f71bffe08bebbcfcfff557daa9c4ffe296a0cf5d4758627917912db6"; got != want {
		t.Errorf("verifier %s, want %s", got, want)
	}
	if got, want := hex.EncodeToString(wrapKey), "8e7930cbb1937b88e485a54fcddacb4fc7384ddea7d863a759d60c8529a06b40"; got != want {
		t.Errorf("wrapping key %s, want %s", got, want)
	}
}
