package apperr

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Message is something the UI tells the user: a key from the catalogue in
// this file and its parameters. The frontend holds the texts (en, es) and
// formats the parameters; a test there checks that every key in Catalogue
// has both texts with exactly these parameters.
//
// A Message can only be made here, from the catalogue, so the catalogue is
// every key the backend can send. The zero Message means "nothing to say"
// (a valid value, in validation).
type Message struct {
	def  *definition
	args [maxParams]any // int or string: comparable, so Messages compare with ==
}

const maxParams = 2

type definition struct {
	key    string
	params []string
}

var catalogue = map[string]*definition{}

// define adds a key to the catalogue. Keys are the frontend dictionary's.
func define(key string, params ...string) *definition {
	if _, dup := catalogue[key]; dup || len(params) > maxParams {
		panic("apperr: bad catalogue entry " + key)
	}
	d := &definition{key: key, params: params}
	catalogue[key] = d
	return d
}

func (d *definition) with(args ...any) Message {
	if len(args) != len(d.params) {
		panic(fmt.Sprintf("apperr: %s takes %d parameters, got %d", d.key, len(d.params), len(args)))
	}
	m := Message{def: d}
	copy(m.args[:], args)
	return m
}

func plain(key string) Message { return define(key).with() }

// Messages without parameters.
var (
	Generic                  = plain("error.generic")
	FieldsInvalid            = plain("error.fieldsInvalid")
	WrongCredentials         = plain("error.wrongCredentials")
	SessionEnded             = plain("error.sessionEnded")
	LockedForInactivity      = plain("error.lockedBackend")
	SignInPlease             = plain("error.signInPlease")
	AccountGone              = plain("error.accountGone")
	PasswordChangedMeanwhile = plain("error.passwordChangedMeanwhile")
	EntryGone                = plain("error.entryGone")
	Damaged                  = plain("error.damaged")
	NotErased                = plain("error.notErased")
	ClipboardUnavailable     = plain("error.clipboardUnavailable")
	FolderUnknown            = plain("error.folderUnknown")

	Required           = plain("fieldError.required")
	InUse              = plain("fieldError.inUse")
	UsernameChars      = plain("fieldError.usernameChars")
	InvalidEmail       = plain("fieldError.invalidEmail")
	ControlChars       = plain("fieldError.controlChars")
	InvisibleChars     = plain("fieldError.invisibleChars")
	EmailNotForServer  = plain("fieldError.emailNotForServer")
	PasswordChars      = plain("fieldError.passwordChars")
	PhoneChars         = plain("fieldError.phoneChars")
	OnlyDigits         = plain("fieldError.onlyDigits")
	NotCorrect         = plain("fieldError.notCorrect")
	InvalidURL         = plain("fieldError.invalidUrl")
	NotAChoice         = plain("fieldError.notAChoice")
	TooShortForClasses = plain("fieldError.tooShortForClasses")
	NoClasses          = plain("fieldError.noClasses")

	PictureEmpty       = plain("fieldError.pictureEmpty")
	PictureUnsupported = plain("fieldError.pictureUnsupported")
	PictureUnreadable  = plain("fieldError.pictureUnreadable")
	PictureTooComplex  = plain("fieldError.pictureTooComplex")
	PictureAnimated    = plain("fieldError.pictureAnimated")

	SyncURLScheme           = plain("syncError.urlScheme")
	SyncURLUser             = plain("syncError.urlUser")
	SyncURLQuery            = plain("syncError.urlQuery")
	SyncNotAccepted         = plain("syncError.notAccepted")
	SyncServerValueRefused  = plain("syncError.serverValueRefused")
	SyncWrongCredentials    = plain("syncError.wrongCredentials")
	SyncUnreachable         = plain("syncError.unreachable")
	SyncRequestRefused      = plain("syncError.requestRefused")
	SyncForbidden           = plain("syncError.forbidden")
	SyncNotUnderstood       = plain("syncError.notUnderstood")
	SyncChangeRefused       = plain("syncError.changeRefused")
	SyncChangeRefusedFields = plain("syncError.changeRefusedFields")
	SyncSignInFirst         = plain("syncError.signInFirst")
	SyncNotLinked           = plain("syncError.notLinked")
	SyncAlreadyLinked       = plain("syncError.alreadyLinked")
	SyncOtherAccount        = plain("syncError.otherAccount")
	SyncNoConflict          = plain("syncError.noConflict")
	SyncBadPicture          = plain("syncError.badPicture")
	SyncAvatarDownload      = plain("syncError.avatarDownload")
	SyncSignInBeforeDelete  = plain("syncError.signInBeforeDelete")
	SyncSignInToServerFirst = plain("syncError.signInToServerFirst")
	VaultSyncNoConflict     = plain("syncError.vaultNoConflict")
)

var (
	tooLong           = define("fieldError.tooLong", "max")
	tooShort          = define("fieldError.tooShort", "min")
	minutesRange      = define("fieldError.range", "min", "max")
	between           = define("fieldError.between", "min", "max")
	atLeast           = define("fieldError.atLeast", "min")
	pictureTooLarge   = define("fieldError.pictureTooLarge", "max_mib")
	pictureSide       = define("fieldError.pictureSide", "max_px")
	pictureMegapixels = define("fieldError.pictureMegapixels", "max_mp")
	noFileManager     = define("error.noFileManager", "folder")
	phoneTooLong      = define("fieldError.phoneTooLong", "max")
)

// TooLong: more than max characters (after normalisation).
func TooLong(max int) Message { return tooLong.with(max) }

// TooShort: fewer than min characters (after normalisation).
func TooShort(min int) Message { return tooShort.with(min) }

// MinutesRange: a number of minutes outside [min, max].
func MinutesRange(min, max int) Message { return minutesRange.with(min, max) }

// Between: a count outside [min, max].
func Between(min, max int) Message { return between.with(min, max) }

// AtLeast: a number below min.
func AtLeast(min int) Message { return atLeast.with(min) }

// PictureTooLarge: a file over maxMiB mebibytes.
func PictureTooLarge(maxMiB int) Message { return pictureTooLarge.with(maxMiB) }

// PictureSide: a picture wider or taller than maxPx pixels.
func PictureSide(maxPx int) Message { return pictureSide.with(maxPx) }

// PictureMegapixels: a picture of more than maxMP million pixels.
func PictureMegapixels(maxMP int) Message { return pictureMegapixels.with(maxMP) }

// PhoneTooLong: a phone number of more than max characters once its
// separators are gone (digits and a leading +).
func PhoneTooLong(max int) Message { return phoneTooLong.with(max) }

// NoFileManager: no program could show folder (an absolute path).
func NoFileManager(folder string) Message { return noFileManager.with(folder) }

// IsZero reports whether m is the zero Message (nothing to say).
func (m Message) IsZero() bool { return m.def == nil }

// Key is the message's catalogue key; "" for the zero Message.
func (m Message) Key() string {
	if m.def == nil {
		return ""
	}
	return m.def.key
}

// Params maps each parameter's name to its value (int or string); nil when
// the message has none.
func (m Message) Params() map[string]any {
	if m.def == nil || len(m.def.params) == 0 {
		return nil
	}
	out := make(map[string]any, len(m.def.params))
	for i, name := range m.def.params {
		out[name] = m.args[i]
	}
	return out
}

// PublicMessage is a Message as the frontend receives it.
type PublicMessage struct {
	Key    string         `json:"key"`
	Params map[string]any `json:"params,omitempty"`
}

// Public is the frontend's form of m.
func (m Message) Public() PublicMessage { return PublicMessage{Key: m.Key(), Params: m.Params()} }

// MarshalJSON sends the public form.
func (m Message) MarshalJSON() ([]byte, error) { return json.Marshal(m.Public()) }

// String is the log form: key{name=value,…}.
func (m Message) String() string {
	if m.def == nil {
		return ""
	}
	if len(m.def.params) == 0 {
		return m.def.key
	}
	parts := make([]string, len(m.def.params))
	for i, name := range m.def.params {
		parts[i] = fmt.Sprintf("%s=%v", name, m.args[i])
	}
	return m.def.key + "{" + strings.Join(parts, ",") + "}"
}

// KeySpec is one catalogue entry: a key and the names of its parameters.
type KeySpec struct {
	Key    string   `json:"key"`
	Params []string `json:"params"`
}

// Catalogue lists every key the backend can send, sorted by key; the
// frontend's completeness test reads it (through the generated
// frontend/src/i18n/backendKeys.ts).
func Catalogue() []KeySpec {
	out := make([]KeySpec, 0, len(catalogue))
	for _, d := range catalogue {
		out = append(out, KeySpec{Key: d.key, Params: append([]string{}, d.params...)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
