package remotetest

import (
	"bufio"
	"bytes"
	"image"
	_ "image/gif" // the server's ImageField accepts these
	_ "image/jpeg"
	_ "image/png"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

const (
	msgRequired    = "Este campo es requerido."
	msgEmailTaken  = "usuario con este email ya existe."
	msgUserTaken   = "Ya existe un usuario con este nombre."
	msgBadEmail    = "Introduzca una dirección de correo electrónico válida."
	msgBadUsername = "Introduzca un nombre de usuario válido."
	msgPhoneLong   = "Asegúrese de que este campo no tenga más de 10 caracteres."
	msgBadImage    = "Suba una imagen válida. El archivo que subió no era una imagen o estaba corrupto."
	msgNotAFile    = "La información enviada no era un archivo. Compruebe el tipo de codificación del formulario."
)

// checkProfileLocked validates the profile fields present in f against a
// (self is the account being edited, nil on sign-up) and returns DRF-style
// field errors.
func (s *Server) checkProfileLocked(f form, self *Account) map[string][]string {
	bad := map[string][]string{}
	if v, ok := f.str("username"); ok {
		switch {
		case !usernameRule.MatchString(v):
			bad["username"] = []string{msgBadUsername}
		default:
			for _, a := range s.accounts {
				if a != self && a.Username == v {
					bad["username"] = []string{msgUserTaken}
				}
			}
		}
	}
	if v, ok := f.str("email"); ok {
		if other := s.byEmailLocked(v); !emailRule.MatchString(v) || len(v) > 200 {
			bad["email"] = []string{msgBadEmail}
		} else if other != nil && other != self {
			bad["email"] = []string{msgEmailTaken}
		}
	}
	if v, ok := f.str("number_phone"); ok && len([]rune(v)) > 10 {
		bad["number_phone"] = []string{msgPhoneLong}
	}
	for _, name := range []string{"first_name", "last_name"} {
		if v, ok := f.str(name); ok && len([]rune(v)) > 200 {
			bad[name] = []string{"Asegúrese de que este campo no tenga más de 200 caracteres."}
		}
	}
	return bad
}

// applyLocked copies the present fields into a. Like the real serializer it
// also takes is_staff, is_superuser and password (defect 4); the request
// log shows whether a client ever sent them.
func applyLocked(a *Account, f form) {
	set := map[string]*string{"username": &a.Username, "email": &a.Email, "first_name": &a.FirstName, "last_name": &a.LastName, "password": &a.Password}
	for name, dst := range set {
		if v, ok := f.str(name); ok {
			*dst = v
		}
	}
	if v, ok := f.values["number_phone"]; ok {
		// "" is kept as "", null as null (remote-api.md, defect 11).
		if s, isStr := v.(string); isStr {
			a.NumberPhone = &s
		} else {
			a.NumberPhone = nil
		}
	}
	if v, ok := f.values["is_staff"].(bool); ok {
		a.IsStaff = v
	}
	if v, ok := f.values["is_superuser"].(bool); ok {
		a.IsSuperuser = v
	}
}

// readFormOr400 reads the body, answering DRF's parse error when it cannot.
func readFormOr400(w http.ResponseWriter, r *http.Request) (form, bool) {
	f, err := readForm(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"detail": "JSON parse error"})
	}
	return f, err == nil
}

func (s *Server) signUp(w http.ResponseWriter, r *http.Request) {
	f, ok := readFormOr400(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	bad := s.checkProfileLocked(f, nil)
	for _, name := range []string{"username", "email", "password"} {
		if v, _ := f.str(name); v == "" {
			bad[name] = []string{msgRequired}
		}
	}
	if len(bad) > 0 {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	a := &Account{ID: s.nextID, DateJoined: s.opts.Now(), Active: !f.multipart} // defect 3
	s.nextID++
	applyLocked(a, f)
	a.IsStaff, a.IsSuperuser = false, false
	s.accounts[a.ID] = a
	// Sign-up skips the password validators (defect 10) and its answer
	// echoes the plaintext password where the hash would be (defect 8).
	s.writeSessionLocked(w, http.StatusCreated, a, a.Password)
}

// writeSessionLocked answers a sign-up or sign-in: a token pair and the
// user, whose "password" is echoed when not "" (sign-up).
func (s *Server) writeSessionLocked(w http.ResponseWriter, status int, a *Account, echoPassword string) {
	out := s.issue(a)
	user := userObject(a)
	if echoPassword != "" {
		user["password"] = echoPassword
	}
	out["user"] = user
	writeJSON(w, status, out)
}

// writeMissing is Django's answer for a missing object here: a 500 (defect 2).
func writeMissing(w http.ResponseWriter) {
	writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "No Users matches the given query."})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	f, _ := readForm(r)
	email, _ := f.str("email")
	password, _ := f.str("password")
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.byEmailLocked(email)
	switch {
	case a == nil:
		writeMissing(w)
	case a.Password != password:
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "Invalid password"})
	default:
		s.writeSessionLocked(w, http.StatusOK, a, "")
	}
}

func (s *Server) obtainPair(w http.ResponseWriter, r *http.Request) {
	f, _ := readForm(r)
	username, _ := f.str("username")
	password, _ := f.str("password")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if a.Username == username && a.Password == password && a.Active {
			writeJSON(w, http.StatusOK, s.issue(a))
			return
		}
	}
	writeJSON(w, http.StatusUnauthorized, map[string]any{"detail": "No active account found with the given credentials"})
}

func (s *Server) refresh(w http.ResponseWriter, r *http.Request) {
	f, _ := readForm(r)
	token, _ := f.str("refresh")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.parseLocked(token, "refresh")
	if err != nil {
		writeAuthError(w, errTokenNotValid)
		return
	}
	a, ok := s.accounts[c.UserID]
	if !ok {
		writeAuthError(w, errUserNotFound)
		return
	}
	// Rotation: a new refresh token each time; the old one keeps working (defect 7).
	writeJSON(w, http.StatusOK, s.issue(a))
}

func (s *Server) generate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		methodNotAllowed(w, r)
		return
	}
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%&*"
	out := make([]byte, 12)
	for i := range out {
		out[i] = chars[mrand.IntN(len(chars))]
	}
	writeJSON(w, http.StatusOK, map[string]any{"output": string(out)})
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, pk int64) {
	if r.Method != http.MethodPut {
		methodNotAllowed(w, r)
		return
	}
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
	a, ok := s.accounts[pk]
	switch {
	case !ok:
		writeMissing(w)
		return
	case a != caller:
		writeJSON(w, http.StatusForbidden, map[string]any{"error": "Not authorized"})
		return
	}
	if _, plural := f.files["avatars"]; plural { // defect 5
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "Error interno"})
		return
	}
	bad := s.checkProfileLocked(f, a)
	pic, hasFile := f.files["avatar"]
	if hasFile && len(pic) > 0 {
		if _, _, err := image.DecodeConfig(bytes.NewReader(pic)); err != nil {
			bad["avatar"] = []string{msgBadImage}
		}
	}
	// Without a file, only null (JSON) or "" (a form value) clear the
	// picture; any other value is not a file to DRF's ImageField.
	value, clearAvatar := f.values["avatar"]
	if clearAvatar && value != nil && value != "" {
		bad["avatar"] = []string{msgNotAFile}
	}
	if len(bad) > 0 {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	applyLocked(a, f)
	switch {
	case hasFile && len(pic) > 0:
		a.AvatarPath = "/media/avatars/" + randomHex(6) + "_avatar.jpg"
		a.Avatar = pic
		s.media[a.AvatarPath] = pic
	case hasFile || clearAvatar: // multipart avatar= (empty) or JSON avatar: null
		a.AvatarPath, a.Avatar = "", nil
	}
	if s.lostAnswer > 0 { // applied; the answer goes missing on the way back
		s.lostAnswer--
		if s.lostStatus == 0 {
			hangUp(w)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(s.lostStatus)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
		return
	}
	writeJSON(w, http.StatusOK, userObject(a))
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, pk int64) {
	if r.Method != http.MethodDelete {
		methodNotAllowed(w, r)
		return
	}
	if _, err := s.authenticate(r); err != nil {
		writeAuthError(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[pk]; !ok {
		writeMissing(w)
		return
	}
	delete(s.accounts, pk) // defect 4: no check that pk is the caller
	s.dropPasswordsLocked(pk)
	s.noContentWithBodyLocked(w, `{"message":"User deleted successfully"}`)
}

// noContentWithBodyLocked answers 204 with a JSON body, as the service's
// deletes do (defect 1); s.mu must be held.
func (s *Server) noContentWithBodyLocked(w http.ResponseWriter, body string) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.status = http.StatusNoContent
		s.logLocked(rec)
	}
	// Defect 1: 204 with a body, which net/http refuses to write, so the
	// connection is taken over and the answer written by hand.
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	_, _ = buf.WriteString("HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n")
	if buf.Flush() != nil {
		_ = conn.Close()
		return
	}
	s.hijacked[conn] = true
	go s.poisoned(conn, buf, body)
}

// strayBodyDelay is how long after the 204's head its body follows. The
// real server's event loop sends it in a later write; the delay makes the
// outcome certain: a client that reuses the connection has sent its next
// request by then and gets the stray bytes, then a reset.
const strayBodyDelay = 30 * time.Millisecond

// poisoned sends the stray body, keeps the connection open as the real
// server does, and resets it if the client sends another request on it.
func (s *Server) poisoned(conn net.Conn, buf *bufio.ReadWriter, body string) {
	defer func() {
		s.locked(func() { delete(s.hijacked, conn) })
		_ = conn.Close()
	}()
	time.Sleep(strayBodyDelay)
	_, _ = buf.WriteString(body)
	_ = buf.Flush()
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute))
	if _, err := buf.ReadByte(); err == nil {
		reset(conn)
	}
}

func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.media[r.URL.Path]
	pace, served := s.pace, !s.noMedia
	s.mu.Unlock()
	if !ok || !served {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(data))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	chunk := pace.Chunk
	if chunk <= 0 {
		chunk = len(data)
	}
	rc := http.NewResponseController(w)
	for sent := 0; sent < len(data); {
		if pace.StallAfter > 0 && sent >= pace.StallAfter {
			select { // silent until the client gives up or the server closes
			case <-r.Context().Done():
			case <-s.closing:
			}
			return
		}
		end := min(sent+chunk, len(data))
		if pace.StallAfter > 0 {
			end = min(end, pace.StallAfter)
		}
		if _, err := w.Write(data[sent:end]); err != nil {
			return
		}
		_ = rc.Flush()
		sent = end
		if pace.Every > 0 && sent < len(data) {
			select {
			case <-time.After(pace.Every):
			case <-r.Context().Done():
				return
			}
		}
	}
}
