package profile_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"passdesk/backend/avatar"
	"passdesk/backend/store"
)

func pngBase64(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestARefusedUploadLeavesThePreviousAvatarInPlace(t *testing.T) {
	f := setup(t)
	pipeline := avatar.New()
	p, err := f.profile.UploadAvatar(f.ana.ID, pngBase64(t, 64, 48), pipeline)
	if err != nil || p.Avatar == nil {
		t.Fatalf("valid PNG: %+v, %v", p.Avatar, err)
	}
	before := f.stored(t, f.ana.ID)
	var picture []byte
	_ = f.db.View(func(tx *store.Tx) error { picture, _ = tx.Avatar(f.ana.ID, false); return nil })

	for name, upload := range map[string]string{
		"text named like a picture": base64.StdEncoding.EncodeToString([]byte("just some text")),
		"an SVG":                    base64.StdEncoding.EncodeToString([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)),
		"empty":                     "",
		"not base64":                "%%%not base64%%%",
		"over 10 MiB":               strings.Repeat("A", base64.StdEncoding.EncodedLen(avatar.MaxFileBytes)+4),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := f.profile.UploadAvatar(f.ana.ID, upload, pipeline); fields(err)["avatar"].IsZero() {
				t.Fatalf("accepted (err %v)", err)
			}
			after := f.stored(t, f.ana.ID)
			var now []byte
			_ = f.db.View(func(tx *store.Tx) error { now, _ = tx.Avatar(f.ana.ID, false); return nil })
			if after != before || !bytes.Equal(now, picture) {
				t.Fatal("a refused upload changed the stored avatar")
			}
		})
	}
}
