package remotetest

import (
	"cmp"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The service's saved passwords, as remote-api.md records them: stored in
// plain text, one list per user (the model's user foreign key, which the
// client sends in the body and the serializer takes as given: defect 4),
// created with an answer that is a bare JSON string and no id, updated and
// deleted by id by their owner only, deleted with a 204 that has a body
// (defect 1), gone with their user.

// SavedPassword is a server-side saved password.
type SavedPassword struct {
	ID            int64  `json:"id"`
	NamePages     string `json:"name_pages"`
	URL           string `json:"url"`
	PasswordSaved string `json:"password_saved"`
	User          int64  `json:"user"`
}

// savedPasswords is the server's table of them; the zero value is empty.
type savedPasswords struct {
	byID   map[int64]*SavedPassword
	lastID int64
}

var passwordRoute = regexp.MustCompile(`^/api/view-all-saved-passwords/(\d+)/(update|delete)/$`)

const (
	msgBadURL        = "Introduzca una URL válida."
	msgTooLong200    = "Asegúrese de que este campo no tenga más de 200 caracteres."
	msgNotFoundEntry = "Password not found."
)

// routePasswords serves the saved-password routes; it reports whether path
// was one of them.
func (s *Server) routePasswords(w http.ResponseWriter, r *http.Request) bool {
	switch path := r.URL.Path; {
	case path == "/api/save-passwords/":
		s.onlyMethod(w, r, http.MethodPost, s.savePassword)
	case path == "/api/view-all-saved-passwords/":
		s.onlyMethod(w, r, http.MethodGet, s.listPasswords)
	default:
		m := passwordRoute.FindStringSubmatch(path)
		if m == nil {
			return false
		}
		pk, _ := strconv.ParseInt(m[1], 10, 64)
		if m[2] == "update" {
			s.onlyMethod(w, r, http.MethodPut, func(w http.ResponseWriter, r *http.Request) { s.updatePassword(w, r, pk) })
		} else {
			s.onlyMethod(w, r, http.MethodDelete, func(w http.ResponseWriter, r *http.Request) { s.deletePassword(w, r, pk) })
		}
	}
	return true
}

func (s *Server) onlyMethod(w http.ResponseWriter, r *http.Request, method string, h http.HandlerFunc) {
	if r.Method != method {
		methodNotAllowed(w, r)
		return
	}
	h(w, r)
}

// checkPasswordLocked validates the saved-password fields present in f as
// the model's serializer does (URLField and CharFields of at most 200).
func (s *Server) checkPasswordLocked(f form, partial bool) map[string][]string {
	bad := map[string][]string{}
	for _, name := range []string{"url", "password_saved"} {
		if v, ok := f.str(name); (!ok || v == "") && !partial {
			bad[name] = []string{msgRequired}
		} else if ok && v == "" {
			bad[name] = []string{"Este campo no puede estar en blanco."}
		}
	}
	for _, name := range []string{"name_pages", "url", "password_saved"} {
		if v, ok := f.str(name); ok && utf8.RuneCountInString(v) > 200 {
			bad[name] = []string{msgTooLong200}
		}
	}
	if v, ok := f.str("url"); ok && v != "" && bad["url"] == nil && !djangoURL(v) {
		bad["url"] = []string{msgBadURL}
	}
	switch v, ok := f.values["user"]; {
	case !ok && !partial:
		bad["user"] = []string{msgRequired}
	case ok:
		id, isNum := v.(float64)
		if _, exists := s.accounts[int64(id)]; !isNum || !exists {
			bad["user"] = []string{"Clave primaria \"" + stringOf(v) + "\" inválida - objeto no existe."}
		}
	}
	return bad
}

func stringOf(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

// djangoURL is the gist of Django's URLValidator: an http(s) or ftp(s)
// scheme and a host that is localhost, an IP address or a dotted name
// (so "http://intranet/" is refused, though PassDesk accepts it).
func djangoURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(raw, " \t\r\n") {
		return false
	}
	switch u.Scheme {
	case "http", "https", "ftp", "ftps":
	default:
		return false
	}
	host := u.Hostname()
	return host == "localhost" || net.ParseIP(host) != nil || (strings.Contains(host, ".") && !strings.HasPrefix(host, ".") && !strings.HasSuffix(host, "."))
}

func (s *Server) savePassword(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authenticate(r); err != nil {
		writeAuthError(w, err)
		return
	}
	f, ok := readFormOr400(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if bad := s.checkPasswordLocked(f, false); len(bad) > 0 {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	if s.saved.byID == nil {
		s.saved.byID = map[int64]*SavedPassword{}
	}
	s.saved.lastID++
	p := &SavedPassword{ID: s.saved.lastID, User: int64(f.values["user"].(float64))} // whatever user the body names (defect 4)
	applyPassword(p, f)
	s.saved.byID[p.ID] = p
	writeJSON(w, http.StatusOK, "password saved successfully") // a bare JSON string, and no id
}

func applyPassword(p *SavedPassword, f form) {
	for name, dst := range map[string]*string{"name_pages": &p.NamePages, "url": &p.URL, "password_saved": &p.PasswordSaved} {
		if v, ok := f.str(name); ok {
			*dst = v
		}
	}
	if v, ok := f.values["user"].(float64); ok {
		p.User = int64(v)
	}
}

func (s *Server) listPasswords(w http.ResponseWriter, r *http.Request) {
	s.withUser(w, r, func(a *Account) {
		list := s.passwordsOfLocked(a.ID)
		writeJSON(w, http.StatusOK, map[string]any{"message": "Contraseñas obtenidas con éxito", "passwords": list})
	})
}

// passwordsOfLocked lists user's saved passwords by id.
func (s *Server) passwordsOfLocked(user int64) []SavedPassword {
	list := []SavedPassword{}
	for _, p := range s.saved.byID {
		if p.User == user {
			list = append(list, *p)
		}
	}
	slices.SortFunc(list, func(a, b SavedPassword) int { return cmp.Compare(a.ID, b.ID) })
	return list
}

// ownedLocked finds pk among caller's saved passwords; another user's
// answers as a missing one does.
func (s *Server) ownedLocked(w http.ResponseWriter, caller *Account, pk int64) *SavedPassword {
	p, ok := s.saved.byID[pk]
	if !ok || p.User != caller.ID {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": msgNotFoundEntry})
		return nil
	}
	return p
}

func (s *Server) updatePassword(w http.ResponseWriter, r *http.Request, pk int64) {
	caller, err := s.authenticate(r)
	if err != nil {
		writeAuthError(w, err)
		return
	}
	f, ok := readFormOr400(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.ownedLocked(w, caller, pk)
	if p == nil {
		return
	}
	if bad := s.checkPasswordLocked(f, true); len(bad) > 0 {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	applyPassword(p, f)
	writeJSON(w, http.StatusOK, "data saved")
}

func (s *Server) deletePassword(w http.ResponseWriter, r *http.Request, pk int64) {
	caller, err := s.authenticate(r)
	if err != nil {
		writeAuthError(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ownedLocked(w, caller, pk) == nil {
		return
	}
	delete(s.saved.byID, pk)
	s.noContentWithBodyLocked(w, `{"message":"Password deleted successfully"}`)
}

// dropPasswordsLocked deletes user's saved passwords with the user (the
// model's foreign key cascades).
func (s *Server) dropPasswordsLocked(user int64) {
	for id, p := range s.saved.byID {
		if p.User == user {
			delete(s.saved.byID, id)
		}
	}
}

// SavePasswords stores saved passwords for user as the website would, in
// bulk (for benchmarks); each gets the next id.
func (s *Server) SavePasswords(user int64, ps ...SavedPassword) {
	s.locked(func() {
		if s.saved.byID == nil {
			s.saved.byID = map[int64]*SavedPassword{}
		}
		for _, p := range ps {
			s.saved.lastID++
			p.ID, p.User = s.saved.lastID, user
			s.saved.byID[p.ID] = &p
		}
	})
}

// SavedPasswords returns a copy of user's saved passwords, by id.
func (s *Server) SavedPasswords(user int64) []SavedPassword {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.passwordsOfLocked(user)
}

// enablePasswordInspection adds GET /_test/passwords?email=… (outside the
// API): that account's saved passwords as JSON, or 404.
func (s *Server) enablePasswordInspection() {
	s.Handle("/_test/passwords", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			methodNotAllowed(w, r)
			return
		}
		a, ok := s.AccountByEmail(r.URL.Query().Get("email"))
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"detail": "No encontrado."})
			return
		}
		writeJSON(w, http.StatusOK, s.SavedPasswords(a.ID))
	})
}
