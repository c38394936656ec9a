package remotetest

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// doRaw is do for answers that are not JSON objects (the bare strings).
func doRaw(t *testing.T, method, url, token string, body any) (int, string) {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = jsonBody(body)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(data))
}

func listOf(t *testing.T, s *Server, token string) []SavedPassword {
	t.Helper()
	status, raw := doRaw(t, "GET", s.URL+"view-all-saved-passwords/", token, nil)
	var out struct {
		Message   string          `json:"message"`
		Passwords []SavedPassword `json:"passwords"`
	}
	if status != 200 || json.Unmarshal([]byte(raw), &out) != nil || out.Message == "" {
		t.Fatalf("list: %d %s", status, raw)
	}
	return out.Passwords
}

func TestSavedPasswordsFollowTheRecordedContract(t *testing.T) {
	s := started(t)
	ana, anaID := signUpJSON(t, s, "ana")
	bob, bobID := signUpJSON(t, s, "bob")
	entry := map[string]any{"name_pages": "Mail", "url": "https://mail.example.com", "password_saved": "s3cret", "user": anaID}

	// save-passwords/ answers a bare JSON string and no id.
	if status, raw := doRaw(t, "POST", s.URL+"save-passwords/", ana, entry); status != 200 || raw != `"password saved successfully"` {
		t.Fatalf("save: %d %s, want 200 and the bare string", status, raw)
	}
	if status, _ := doRaw(t, "POST", s.URL+"save-passwords/", "", entry); status != 401 {
		t.Errorf("save without a token: %d, want 401", status)
	}
	list := listOf(t, s, ana)
	if len(list) != 1 || list[0].PasswordSaved != "s3cret" || list[0].User != anaID || list[0].ID == 0 {
		t.Fatalf("ana's list: %+v", list)
	}
	id := strconv.FormatInt(list[0].ID, 10)
	if got := listOf(t, s, bob); len(got) != 0 {
		t.Errorf("bob sees %+v, want none of ana's", got)
	}

	// Defect 4: the body's user is taken as given.
	foreign := map[string]any{"url": "https://x.example.com", "password_saved": "p", "user": bobID}
	if status, _ := doRaw(t, "POST", s.URL+"save-passwords/", ana, foreign); status != 200 {
		t.Fatalf("save for another user: %d, want it accepted as the real server does", status)
	}
	if got := listOf(t, s, bob); len(got) != 1 {
		t.Errorf("bob's list after ana saved for him: %+v", got)
	}

	// Refusals: the model's validation, DRF's shape.
	for _, bad := range []map[string]any{
		{"url": "https://x.example.com", "password_saved": "p"},               // no user
		{"url": "http://intranet/", "password_saved": "p", "user": anaID},     // Django wants a dotted host
		{"url": "https://x.example.com", "password_saved": "", "user": anaID}, // blank password
		{"url": "https://x.example.com", "password_saved": strings.Repeat("p", 201), "user": anaID},
		{"url": "https://x.example.com", "password_saved": "p", "user": 424242},
	} {
		if status, raw := doRaw(t, "POST", s.URL+"save-passwords/", ana, bad); status != 400 || !strings.HasPrefix(raw, "{") {
			t.Errorf("save %v: %d %s, want 400 with field errors", bad, status, raw)
		}
	}

	// Update by id, owner only: another's id is "not found".
	if status, raw := doRaw(t, "PUT", s.URL+"view-all-saved-passwords/"+id+"/update/", ana, map[string]any{"password_saved": "n3w"}); status != 200 || raw != `"data saved"` {
		t.Fatalf("update: %d %s", status, raw)
	}
	if got := listOf(t, s, ana)[0]; got.PasswordSaved != "n3w" || got.NamePages != "Mail" {
		t.Errorf("after a partial update: %+v", got)
	}
	if status, raw := doRaw(t, "PUT", s.URL+"view-all-saved-passwords/"+id+"/update/", bob, map[string]any{"password_saved": "x"}); status != 404 || !strings.Contains(raw, "Password not found.") {
		t.Errorf("bob updating ana's: %d %s, want 404", status, raw)
	}
	if status, _ := doRaw(t, "PATCH", s.URL+"view-all-saved-passwords/"+id+"/update/", ana, map[string]any{}); status != 405 {
		t.Errorf("PATCH: %d, want 405", status)
	}
	if status, _ := doRaw(t, "DELETE", s.URL+"view-all-saved-passwords/"+id+"/delete/", bob, nil); status != 404 {
		t.Errorf("bob deleting ana's: %d, want 404", status)
	}
	if status, _ := doRaw(t, "DELETE", s.URL+"view-all-saved-passwords/"+id+"/delete/", ana, nil); status != 204 {
		t.Errorf("delete: %d, want 204", status)
	}
	if status, _ := doRaw(t, "DELETE", s.URL+"view-all-saved-passwords/"+id+"/delete/", ana, nil); status != 404 {
		t.Errorf("deleting again: %d, want 404", status)
	}
}

func TestASavedPasswordDeleteAnswers204WithABodyAndPoisonsItsConnection(t *testing.T) {
	s := started(t)
	token, id := signUpJSON(t, s, "ana")
	doRaw(t, "POST", s.URL+"save-passwords/", token, map[string]any{"url": "https://a.example.com", "password_saved": "p", "user": id})
	pk := strconv.FormatInt(listOf(t, s, token)[0].ID, 10)
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(s.URL, "/api/"), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute)) // a guard against a hung server, not a wait
	_, _ = io.WriteString(conn, "DELETE /api/view-all-saved-passwords/"+pk+"/delete/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+token+"\r\n\r\n")
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %v %v", resp, err)
	}
	stray := make([]byte, len(`{"message":"Password deleted successfully"}`))
	if _, err := io.ReadFull(r, stray); err != nil || !strings.Contains(string(stray), "deleted") {
		t.Fatalf("the stray body: %q %v", stray, err)
	}
	_, _ = io.WriteString(conn, "GET /api/view-all-saved-passwords/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+token+"\r\n\r\n")
	if _, err := http.ReadResponse(r, nil); err == nil {
		t.Fatal("a request reusing the delete's connection got an answer, want a reset")
	}
	if got := listOf(t, s, token); len(got) != 0 {
		t.Errorf("after the delete: %+v", got)
	}
}

func TestDeletingTheAccountTakesItsSavedPasswords(t *testing.T) {
	s := started(t)
	ana, anaID := signUpJSON(t, s, "ana")
	bob, bobID := signUpJSON(t, s, "bob")
	doRaw(t, "POST", s.URL+"save-passwords/", ana, map[string]any{"url": "https://a.example.com", "password_saved": "p", "user": anaID})
	doRaw(t, "POST", s.URL+"save-passwords/", bob, map[string]any{"url": "https://b.example.com", "password_saved": "p", "user": bobID})
	if status, _ := doRaw(t, "DELETE", s.URL+"profile/"+strconv.FormatInt(anaID, 10)+"/delete/", ana, nil); status != 204 {
		t.Fatalf("delete ana: %d", status)
	}
	if got := s.SavedPasswords(anaID); len(got) != 0 {
		t.Errorf("ana's saved passwords outlived her: %+v", got)
	}
	if got := s.SavedPasswords(bobID); len(got) != 1 {
		t.Errorf("bob's: %+v, want his one", got)
	}
}
