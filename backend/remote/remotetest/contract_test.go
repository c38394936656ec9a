package remotetest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func started(t *testing.T) *Server {
	t.Helper()
	s := New(Options{})
	t.Cleanup(s.Close)
	return s
}

// payload decodes a JWT's claims without checking anything.
func payload(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTokensHaveSimpleJWTsShapeAndRotation(t *testing.T) {
	s := started(t)
	status, out := do(t, "POST", s.URL+"sign-up/", "application/json", "", jsonBody(map[string]any{"username": "ana", "email": "ana@example.com", "password": "pw"}))
	if status != http.StatusCreated {
		t.Fatalf("sign-up: %d %v", status, out)
	}
	access, refresh := out["access"].(string), out["refresh"].(string)
	jti := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for kind, token := range map[string]string{"access": access, "refresh": refresh} {
		c := payload(t, token)
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range c {
				if !yield(k) {
					return
				}
			}
		})
		if !slices.Equal(keys, []string{"exp", "iat", "jti", "token_type", "user_id"}) || c["token_type"] != kind ||
			!jti.MatchString(c["jti"].(string)) || c["user_id"] != float64(1) {
			t.Errorf("%s claims = %v", kind, c)
		}
	}
	user := out["user"].(map[string]any)
	for _, field := range []string{"password", "is_staff", "is_superuser", "date_joined", "is_active", "last_login"} {
		if _, ok := user[field]; !ok {
			t.Errorf("the user object lacks %q, which the real one returns", field)
		}
	}

	status, rotated := do(t, "POST", s.URL+"token/refresh/", "application/json", "", jsonBody(map[string]any{"refresh": refresh}))
	if status != 200 || rotated["refresh"] == refresh || rotated["access"] == nil {
		t.Fatalf("refresh: %d %v, want a new pair", status, rotated)
	}
	if status, _ := do(t, "POST", s.URL+"token/refresh/", "application/json", "", jsonBody(map[string]any{"refresh": refresh})); status != 200 {
		t.Errorf("the old refresh token after rotation: %d, want still accepted (defect 7)", status)
	}
	if status, body := do(t, "POST", s.URL+"token/refresh/", "application/json", "", jsonBody(map[string]any{"refresh": access})); status != 401 || body["code"] != "token_not_valid" {
		t.Errorf("an access token as refresh: %d %v, want 401 token_not_valid", status, body)
	}
	if status, _ := do(t, "POST", s.URL+"profile/", "", refresh, nil); status != 401 {
		t.Errorf("a refresh token as bearer: %d, want 401", status)
	}
	if status, pair := do(t, "POST", s.URL+"token/", "application/json", "", jsonBody(map[string]any{"username": "ana", "password": "pw"})); status != 200 || pair["access"] == nil {
		t.Errorf("token/ with username and password: %d %v", status, pair)
	}
	if status, _ := do(t, "POST", s.URL+"token/", "application/json", "", jsonBody(map[string]any{"username": "ana", "password": "no"})); status != 401 {
		t.Errorf("token/ with a wrong password: %d, want 401", status)
	}

	s.ExpireTokens()
	if status, body := do(t, "POST", s.URL+"profile/", "", access, nil); status != 401 || body["code"] != "token_not_valid" {
		t.Errorf("after ExpireTokens: %d %v, want 401 token_not_valid", status, body)
	}
	status, again := do(t, "POST", s.URL+"token/refresh/", "application/json", "", jsonBody(map[string]any{"refresh": refresh}))
	if status != 200 {
		t.Fatalf("refresh after ExpireTokens: %d", status)
	}
	if status, _ := do(t, "POST", s.URL+"profile/", "", again["access"].(string), nil); status != 200 {
		t.Errorf("a token issued after ExpireTokens: %d, want 200", status)
	}
	s.ExpireRefreshTokens()
	if status, _ := do(t, "POST", s.URL+"token/refresh/", "application/json", "", jsonBody(map[string]any{"refresh": again["refresh"]})); status != 401 {
		t.Errorf("a refresh token after ExpireRefreshTokens: %d, want 401", status)
	}
}

func TestTheAuthorizationHeaderFollowsSimpleJWTsRules(t *testing.T) {
	s := started(t)
	signUpJSON(t, s, "ana")
	signIn := func(header string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", s.URL+"sign-in/", jsonBody(map[string]any{"email": "ana@example.com", "password": "pw"}))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", header)
		return send(t, req)
	}
	for header, want := range map[string]string{
		"Bearer expired.or.garbled": "token_not_valid",
		"Bearer":                    "bad_authorization_header",
		"Bearer a b":                "bad_authorization_header",
		"Basic YTpi":                "", // another scheme is no credentials at all
	} {
		status, body := signIn(header)
		if want == "" && status != 200 || want != "" && (status != 401 || body["code"] != want) {
			t.Errorf("sign-in with %q: %d %v, want %q", header, status, body, want)
		}
	}
}

func png1x1(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func multipartBody(t *testing.T, field, filename string, data []byte) (string, io.Reader) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if filename == "" {
		_ = w.WriteField(field, string(data))
	} else {
		part, _ := w.CreateFormFile(field, filename)
		_, _ = part.Write(data)
	}
	_ = w.Close()
	return w.FormDataContentType(), &buf
}

func TestUpdatesAvatarsAndTheAcceptedStaffFields(t *testing.T) {
	s := started(t)
	token, id := signUpJSON(t, s, "ana")
	update := s.URL + "profile/" + strconv.FormatInt(id, 10) + "/update/"
	if status, _ := do(t, "PATCH", update, "application/json", token, jsonBody(map[string]any{"first_name": "x"})); status != 405 {
		t.Errorf("PATCH: %d, want 405", status)
	}
	status, user := do(t, "PUT", update, "application/json", token, jsonBody(map[string]any{"last_name": "Ruiz", "number_phone": "3001234567"}))
	if status != 200 || user["last_name"] != "Ruiz" || user["number_phone"] != "3001234567" || user["username"] != "ana" {
		t.Fatalf("partial update: %d %v", status, user)
	}

	ct, body := multipartBody(t, "avatar", "a.png", png1x1(t))
	status, user = do(t, "PUT", update, ct, token, body)
	path, _ := user["avatar"].(string)
	if status != 200 || !strings.HasPrefix(path, "/media/avatars/") {
		t.Fatalf("avatar upload: %d %v", status, user)
	}
	origin := strings.TrimSuffix(s.URL, "/api/")
	resp, err := http.Get(origin + path)
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(served, png1x1(t)) {
		t.Fatalf("the avatar at %s: %d, %d bytes", path, resp.StatusCode, len(served))
	}
	ct, body = multipartBody(t, "avatar", "a.txt", []byte("not an image"))
	if status, out := do(t, "PUT", update, ct, token, body); status != 400 || out["avatar"] == nil {
		t.Errorf("a non-image: %d %v, want 400 on avatar", status, out)
	}
	if status, out := do(t, "PUT", update, "application/json", token, jsonBody(map[string]any{"avatar": "x.jpg"})); status != 400 || out["avatar"] == nil {
		t.Errorf("a JSON string avatar: %d %v, want 400 on avatar", status, out)
	}
	ct, body = multipartBody(t, "avatar", "", nil)
	if status, out := do(t, "PUT", update, ct, token, body); status != 200 || out["avatar"] != nil {
		t.Errorf("an empty multipart avatar: %d %v, want cleared", status, out)
	}
	ct, body = multipartBody(t, "avatar", "a.png", png1x1(t))
	do(t, "PUT", update, ct, token, body)
	if status, out := do(t, "PUT", update, "application/json", token, jsonBody(map[string]any{"avatar": nil})); status != 200 || out["avatar"] != nil {
		t.Errorf("JSON avatar null: %d %v, want cleared", status, out)
	}
	if a, _ := s.Account(id); a.AvatarPath != "" || a.Avatar != nil {
		t.Errorf("after clearing, the account holds %q", a.AvatarPath)
	}

	// Defect 4: the serializer takes staff flags; the log shows who sent them.
	status, user = do(t, "PUT", update, "application/json", token, jsonBody(map[string]any{"is_staff": true, "is_superuser": true}))
	if status != 200 || user["is_staff"] != true || user["is_superuser"] != true {
		t.Errorf("staff flags: %d %v, want accepted as the real server does", status, user)
	}
	log := s.Requests()
	if last := log[len(log)-1]; !slices.Contains(last.BodyFields, "is_staff") || !last.Authorization || last.Status != 200 {
		t.Errorf("the log of that request: %+v", last)
	}
}

func TestADeleteAnswers204WithABodyAndPoisonsItsConnection(t *testing.T) {
	s := started(t)
	token, id := signUpJSON(t, s, "ana")
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(s.URL, "/api/"), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute)) // a guard against a hung server, not a wait
	_, _ = io.WriteString(conn, "DELETE /api/profile/"+strconv.FormatInt(id, 10)+"/delete/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+token+"\r\n\r\n")
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %v %v", resp, err)
	}
	// A 204 has no body by HTTP's rules; this server sends one anyway.
	stray := make([]byte, len(`{"message":"User deleted successfully"}`))
	if _, err := io.ReadFull(r, stray); err != nil || !strings.Contains(string(stray), "User deleted") {
		t.Fatalf("the stray body: %q %v", stray, err)
	}
	_, _ = io.WriteString(conn, "POST /api/profile/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
	if _, err := http.ReadResponse(r, nil); err == nil {
		t.Fatal("a request reusing the delete's connection got an answer, want a reset")
	}
	if _, ok := s.Account(id); ok {
		t.Error("the account survived its deletion")
	}
	if status, body := do(t, "POST", s.URL+"profile/", "", token, nil); status != 401 || body["code"] != "user_not_found" {
		t.Errorf("the deleted user's token: %d %v, want 401 user_not_found", status, body)
	}
}

func TestFaultInjection(t *testing.T) {
	s := started(t)
	s.FailNext(2, http.StatusTooManyRequests)
	for range 2 {
		resp, err := http.Get(s.URL + "response-password/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" {
			t.Fatalf("FailNext 429: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	s.FailNext(1, 500)
	if status, body := do(t, "GET", s.URL+"response-password/", "", "", nil); status != 500 || body["error"] != "Error interno" {
		t.Errorf("FailNext 500: %d %v", status, body)
	}
	status, body := do(t, "GET", s.URL+"response-password/", "", "", nil)
	if out, _ := body["output"].(string); status != 200 || len(out) < 8 {
		t.Errorf("response-password/ after the faults: %d %v", status, body)
	}

	s.SetDown(true)
	if _, err := http.Get(s.URL + "response-password/"); err == nil {
		t.Error("a request while down got an answer")
	}
	s.SetDown(false)
	s.ResetNext(1)
	if _, err := http.Post(s.URL+"sign-in/", "application/json", jsonBody(map[string]any{})); err == nil {
		t.Error("a request to reset got an answer")
	}
	s.SetLatency(200 * time.Millisecond)
	start := time.Now()
	do(t, "GET", s.URL+"response-password/", "", "", nil)
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Errorf("with 200 ms latency the answer came in %v", elapsed)
	}
}

func TestInspectionAndForTest(t *testing.T) {
	s := started(t)
	signUpJSON(t, s, "ana")
	origin := strings.TrimSuffix(s.URL, "api/")
	if status, _ := do(t, "GET", origin+"_test/account?email=ana@example.com", "", "", nil); status != 404 {
		t.Errorf("inspection before EnableInspection: %d, want 404", status)
	}
	s.EnableInspection()
	status, body := do(t, "GET", origin+"_test/account?email=ana@example.com", "", "", nil)
	if status != 200 || body["username"] != "ana" || body["avatar_path"] != "" || body["password"] != nil {
		t.Errorf("inspection: %d %v", status, body)
	}

	t.Setenv("PASSDESK_REMOTE_URL", "http://127.0.0.1:9/api/")
	if url, srv := ForTest(t); url != "http://127.0.0.1:9/api/" || srv != nil {
		t.Errorf("ForTest with an external server = %q, %v", url, srv)
	}
	t.Setenv("PASSDESK_REMOTE_URL", "")
	if url, srv := ForTest(t); srv == nil || url != srv.URL {
		t.Errorf("ForTest without one = %q, %v", url, srv)
	}
}
