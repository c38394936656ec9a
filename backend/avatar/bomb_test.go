package avatar

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGenerateBomb rewrites testdata/bomb.png (a uniform 12000×12000 grey
// PNG of ~140 KB) when run with -update; otherwise it only checks that the
// committed file is what the generator makes.
func TestGenerateBomb(t *testing.T) {
	path := filepath.Join("testdata", "bomb.png")
	if !*update {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%v (regenerate with: go test -run TestGenerateBomb -update)", err)
		}
		return
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeBombPNG(f, 12000, 12000); err != nil {
		t.Fatal(err)
	}
}
