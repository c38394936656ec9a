package remote_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
)

// builtIn is the built-in contract server, for what needs its modes.
func builtIn(t *testing.T) *remotetest.Server {
	t.Helper()
	_, srv := remotetest.ForTest(t)
	if srv == nil {
		t.Skip("needs the built-in server's modes (PASSDESK_REMOTE_URL is set)")
	}
	return srv
}

// progressLog records what a Progress callback was told.
type progressLog struct {
	mu    sync.Mutex
	calls [][2]int64
}

func (p *progressLog) note(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, [2]int64{done, total})
}

// check fails unless progress rose steadily to size of size.
func (p *progressLog) check(t *testing.T, what string, size int64) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.calls) < 2 {
		t.Fatalf("%s: progress told %d times, want it to follow the transfer", what, len(p.calls))
	}
	for i, c := range p.calls {
		if c[1] != size || (i > 0 && c[0] <= p.calls[i-1][0]) {
			t.Fatalf("%s: progress %v, want rising done bytes of %d", what, p.calls, size)
		}
	}
	if last := p.calls[len(p.calls)-1]; last[0] != size {
		t.Fatalf("%s: progress ended at %v, want all %d bytes", what, last, size)
	}
}

// uploaded signs up and uploads pic, returning the client, token and path.
func uploaded(t *testing.T, url string, pic []byte) (*remote.Client, string, string) {
	t.Helper()
	c := client(t, url)
	tokens, u, _ := signUp(t, c)
	got, err := c.UploadAvatar(context.Background(), tokens.Access, u.ID, pic, nil)
	if err != nil || got.Avatar == nil {
		t.Fatalf("upload: %+v, %v", got, err)
	}
	return c, tokens.Access, *got.Avatar
}

// A picture that trickles in, steadily, for longer than the stall timeout
// (and than any total timeout of that size would allow) arrives whole.
func TestASlowButSteadyPictureArrives(t *testing.T) {
	srv := builtIn(t)
	pic := testutil.NoisyPNG(t)
	_, _, path := uploaded(t, srv.URL, pic)
	const stall = 300 * time.Millisecond
	chunk := len(pic)/20 + 1 // 20 writes, 30 ms apart: about twice the stall timeout in all
	srv.SetMediaPace(remotetest.MediaPace{Chunk: chunk, Every: 30 * time.Millisecond})
	c, err := remote.New(srv.URL, remote.Options{StallTimeout: stall})
	if err != nil {
		t.Fatal(err)
	}
	var progress progressLog
	started := time.Now()
	got, err := c.FetchAvatar(context.Background(), path, progress.note)
	if err != nil || !bytes.Equal(got, pic) {
		t.Fatalf("a slow but steady download: %d bytes, %v; want the %d-byte picture", len(got), err, len(pic))
	}
	if took := time.Since(started); took <= stall {
		t.Fatalf("the download took %v, not longer than the stall timeout %v: the test proves nothing", took, stall)
	}
	progress.check(t, "download", int64(len(pic)))
}

// A body that stops moving ends the call with ErrStalled, retryable. The
// server holds the rest back for good: the outcome cannot depend on timing.
func TestAStalledPictureFailsAsStalled(t *testing.T) {
	srv := builtIn(t)
	pic := testutil.NoisyPNG(t)
	_, _, path := uploaded(t, srv.URL, pic)
	srv.SetMediaPace(remotetest.MediaPace{StallAfter: 100})
	c, err := remote.New(srv.URL, remote.Options{StallTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var progress progressLog
	_, err = c.FetchAvatar(context.Background(), path, progress.note)
	if !errors.Is(err, remote.ErrStalled) || kindOf(err) != remote.KindUnreachable || !remote.IsRetryable(err) {
		t.Fatalf("a stalled download = %v, want a retryable ErrStalled", err)
	}
	if len(progress.calls) == 0 || progress.calls[len(progress.calls)-1][0] != 100 {
		t.Fatalf("progress %v, want the 100 bytes that came", progress.calls)
	}
	srv.SetMediaPace(remotetest.MediaPace{})
	if got, err := c.FetchAvatar(context.Background(), path, nil); err != nil || !bytes.Equal(got, pic) {
		t.Fatalf("control: the same download unpaced: %d bytes, %v", len(got), err)
	}
}

func TestAnUploadReportsItsProgress(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	tokens, u, _ := signUp(t, c)
	pic := testutil.NoisyPNG(t)
	var progress progressLog
	if _, err := c.UploadAvatar(context.Background(), tokens.Access, u.ID, pic, progress.note); err != nil {
		t.Fatal(err)
	}
	p := progress.calls[len(progress.calls)-1]
	// The multipart body is the picture plus its headers.
	if p[0] != p[1] || p[1] <= int64(len(pic)) {
		t.Fatalf("upload progress ended at %v, want all of a body larger than the %d-byte picture", p, len(pic))
	}
}

// The deployed service serves no /media/: the user object names a picture
// that answers 404 (remote-api.md, defect 13).
func TestTheDeployedServiceAnswers404ForPictures(t *testing.T) {
	srv := builtIn(t)
	c, _, path := uploaded(t, srv.URL, picture(t))
	srv.ServeMedia(false)
	_, err := c.FetchAvatar(context.Background(), path, nil)
	var re *remote.Error
	if !errors.As(err, &re) || re.Kind != remote.KindProtocol || re.Status != http.StatusNotFound {
		t.Fatalf("a picture of the deployed service = %v, want a 404 protocol error", err)
	}
	srv.ServeMedia(true)
	if _, err := c.FetchAvatar(context.Background(), path, nil); err != nil {
		t.Fatalf("control: served again: %v", err)
	}
}

// An update applied whose answer is lost is a retryable failure: the
// client cannot tell it from one never applied (issue 12 §3).
func TestAnUpdateWhoseAnswerIsLostIsRetryableAndApplied(t *testing.T) {
	srv := builtIn(t)
	c := client(t, srv.URL)
	tokens, u, _ := signUp(t, c)
	ctx := context.Background()
	for _, status := range []int{http.StatusBadGateway, 0} {
		srv.LoseAnswerNext(1, status)
		name := "Lost" + strings.Repeat("x", status%7)
		if _, err := c.UpdateProfile(ctx, tokens.Access, u.ID, map[string]any{"first_name": name}); !remote.IsRetryable(err) {
			t.Fatalf("status %d: %v, want a retryable failure", status, err)
		}
		if a, _ := srv.Account(u.ID); a.FirstName != name {
			t.Fatalf("status %d: first name %q, want the update applied", status, a.FirstName)
		}
		srv.LoseAnswerNext(1, status)
		if _, err := c.UploadAvatar(ctx, tokens.Access, u.ID, picture(t), nil); !remote.IsRetryable(err) {
			t.Fatalf("status %d: upload: %v, want a retryable failure", status, err)
		}
		if a, _ := srv.Account(u.ID); a.AvatarPath == "" {
			t.Fatalf("status %d: no picture, want the upload applied", status)
		}
		if _, err := c.ClearAvatar(ctx, tokens.Access, u.ID); err != nil {
			t.Fatalf("status %d: control: the next update answers: %v", status, err)
		}
	}
}

// Emails are the service's exact spelling: another case is another
// account, and signing in with it fails (remote-api.md, defect 9).
func TestEmailsAreCaseSensitiveOnTheService(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	ctx := context.Background()
	n := name()
	upper := "Ana" + n + "@Example.com"
	if _, _, err := c.SignUp(ctx, map[string]any{"username": n, "email": upper}, "pw"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.SignIn(ctx, strings.ToLower(upper), "pw"); kindOf(err) != remote.KindBadCredentials {
		t.Fatalf("signing in with another case = %v, want bad credentials (the service answers 500)", err)
	}
	if _, u, err := c.SignIn(ctx, upper, "pw"); err != nil || u.Email != upper {
		t.Fatalf("signing in with the exact spelling = %+v, %v", u, err)
	}
	// Sign-up skips the password validators: a one-character password is taken.
	if _, u, err := c.SignUp(ctx, map[string]any{"username": n + "b", "email": strings.ToLower(upper)}, "x"); err != nil || u.Email != strings.ToLower(upper) {
		t.Fatalf("a second account differing only in case (and a 1-character password) = %+v, %v; want it created", u, err)
	}
}
