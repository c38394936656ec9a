package profile_test

import (
	"crypto/rand"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
)

func (f fixture) fileHolds(t *testing.T, needle []byte) bool {
	t.Helper()
	return testutil.FileHolds(t, f.db.Path(), needle)
}

func randomPicture(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// A replaced or removed picture is stored as plain JPEG: none of its bytes
// may stay in a freed page of the file (SPEC §3).
func TestAReplacedOrRemovedPictureLeavesNoByteInTheFile(t *testing.T) {
	f := setup(t)
	first, firstThumb := randomPicture(t, 8<<10), randomPicture(t, 1<<10)
	if _, err := f.profile.SetAvatar(f.ana.ID, first, firstThumb, "first"); err != nil {
		t.Fatal(err)
	}
	if !f.fileHolds(t, first[:256]) {
		t.Fatal("control: the picture is not in the file")
	}
	second := randomPicture(t, 8<<10)
	if _, err := f.profile.SetAvatar(f.ana.ID, second, second[:1<<10], "second"); err != nil {
		t.Fatal(err)
	}
	if f.fileHolds(t, first[:256]) || f.fileHolds(t, firstThumb[:256]) {
		t.Error("the replaced picture is still in the file")
	}
	if p, err := f.profile.RemoveAvatar(f.ana.ID); err != nil || p.Avatar != nil {
		t.Fatalf("remove: %+v, %v", p.Avatar, err)
	}
	if f.fileHolds(t, second[:256]) {
		t.Error("the removed picture is still in the file")
	}
}

// Old values of personal fields (email, phone) do not stay in the file
// once changed.
func TestAnEmptiedFieldLeavesNoOldValueInTheFile(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Zzoldname", "number_phone": "5551239876"}); err != nil {
		t.Fatal(err)
	}
	if !f.fileHolds(t, []byte("Zzoldname")) || !f.fileHolds(t, []byte("5551239876")) {
		t.Fatal("control: the values are not in the file")
	}
	// The phone emptied and the name replaced in one update: the rewrite
	// the emptied field asks for takes both old values.
	p, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Ana", "number_phone": ""})
	if err != nil || p.NumberPhone != nil {
		t.Fatalf("update: %+v, %v", p, err)
	}
	for _, old := range []string{"Zzoldname", "5551239876"} {
		if f.fileHolds(t, []byte(old)) {
			t.Errorf("the old value %q is still in the file", old)
		}
	}
}
