// Package startupdialog tells the user why PassDesk could not start and
// what to do about it, in a native error dialog: launched from the desktop
// menu, nobody sees what the program writes to stderr.
//
// The texts are English, or Spanish when the locale asks for it (the UI's
// own language setting lives in the database, which is what could not be
// opened). They are kept here rather than in the frontend's catalogue
// because no web view exists yet when they are shown.
package startupdialog

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"

	berrors "go.etcd.io/bbolt/errors"

	"passdesk/backend/store"
)

// Message is what the dialog shows: a short title (also the window's
// title), why the app stopped, what the user can do, and the error itself
// for support.
type Message struct {
	Title, Reason, Action, Detail string
}

// Body is the dialog's text under the title: reason, action and details,
// as paragraphs.
func (m Message) Body() string {
	return m.Reason + "\n\n" + m.Action + "\n\n" + m.Detail
}

// Kind is a cause of failure the user can act on differently.
type Kind int

const (
	Other Kind = iota
	InUse
	TooNew
	Damaged
	NotWritable
)

// Classify names what err says about the data folder. Checked in this
// order: a file locked by another process or written by a newer version
// says nothing about permissions, and a damaged file is damaged whoever
// reads it.
func Classify(err error) Kind {
	switch {
	case errors.Is(err, store.ErrInUse):
		return InUse
	case errors.Is(err, store.ErrTooNew):
		return TooNew
	case errors.Is(err, store.ErrDamaged), errors.Is(err, berrors.ErrInvalid),
		errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return Damaged
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return NotWritable
	}
	return Other
}

// Language is the language of the dialog: "es" when the POSIX locale
// variables ask for Spanish, otherwise "en". They are read as gettext does:
// LANGUAGE (a colon-separated preference list, whose first entry counts),
// then LC_ALL, LC_MESSAGES and LANG; values look like "es_ES.UTF-8",
// "es-MX" or "es".
func Language(getenv func(string) string) string {
	for _, name := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if name == "LANGUAGE" {
			v, _, _ = strings.Cut(v, ":")
		}
		if v == "" {
			continue
		}
		base := strings.ToLower(v)
		if i := strings.IndexAny(base, "_-.@"); i >= 0 {
			base = base[:i]
		}
		if base == "es" {
			return "es"
		}
		return "en"
	}
	return "en"
}

// Compose builds the message for err in lang ("es" or anything else for
// English).
func Compose(err error, lang string) Message {
	m, label := texts[Classify(err)].en, "Details: "
	if lang == "es" {
		m, label = texts[Classify(err)].es, "Detalles: "
	}
	m.Detail = label + err.Error()
	return m
}

type translated struct{ en, es Message }

var texts = map[Kind]translated{
	InUse: {
		en: Message{
			Title:  "PassDesk is already open",
			Reason: "Another PassDesk is using this data folder, and this one could not reach it to bring its window forward.",
			Action: "Look for the open PassDesk window (it may be minimised or on another desktop) or close it, then start PassDesk again. A backup made from the command line also holds the folder while it runs.",
		},
		es: Message{
			Title:  "PassDesk ya está abierto",
			Reason: "Otro PassDesk está usando esta carpeta de datos y este no ha podido comunicarse con él para traer su ventana al frente.",
			Action: "Busca la ventana de PassDesk abierta (puede estar minimizada o en otro escritorio) o ciérrala, y vuelve a abrir PassDesk. Una copia de seguridad hecha desde la línea de órdenes también ocupa la carpeta mientras dura.",
		},
	},
	TooNew: {
		en: Message{
			Title:  "This PassDesk is older than your data",
			Reason: "Your data was saved by a newer version of PassDesk, which this version cannot read.",
			Action: "Install the latest version of PassDesk. Your data has not been changed.",
		},
		es: Message{
			Title:  "Este PassDesk es más antiguo que tus datos",
			Reason: "Tus datos los guardó una versión más reciente de PassDesk, que esta versión no sabe leer.",
			Action: "Instala la última versión de PassDesk. Tus datos no se han modificado.",
		},
	},
	Damaged: {
		en: Message{
			Title:  "PassDesk's data file is damaged",
			Reason: "The data file could not be read. PassDesk has not changed or replaced it.",
			Action: "Restore a backup with \"passdesk restore FILE\" (the data folder also keeps the copies made before each upgrade, named passdesk.db.schema-v…bak), or keep the file as it is and contact support.",
		},
		es: Message{
			Title:  "El archivo de datos de PassDesk está dañado",
			Reason: "No se ha podido leer el archivo de datos. PassDesk no lo ha modificado ni reemplazado.",
			Action: "Restaura una copia de seguridad con \"passdesk restore ARCHIVO\" (la carpeta de datos guarda también las copias hechas antes de cada actualización, llamadas passdesk.db.schema-v…bak), o conserva el archivo tal como está y contacta con el soporte.",
		},
	},
	NotWritable: {
		en: Message{
			Title:  "PassDesk cannot write to its data folder",
			Reason: "The data folder is read-only, or your user is not allowed to change it.",
			Action: "Give your user permission to write to the folder named in the details below, or start PassDesk with --data-dir and a folder you can write to.",
		},
		es: Message{
			Title:  "PassDesk no puede escribir en su carpeta de datos",
			Reason: "La carpeta de datos es de solo lectura o tu usuario no tiene permiso para modificarla.",
			Action: "Da a tu usuario permiso de escritura en la carpeta indicada en los detalles, o abre PassDesk con --data-dir y una carpeta en la que puedas escribir.",
		},
	},
	Other: {
		en: Message{
			Title:  "PassDesk could not start",
			Reason: "PassDesk stopped before its window opened.",
			Action: "Start PassDesk again. If this keeps happening, run \"passdesk check\" and send its output and the details below to support.",
		},
		es: Message{
			Title:  "PassDesk no ha podido iniciarse",
			Reason: "PassDesk se ha detenido antes de abrir su ventana.",
			Action: "Vuelve a abrir PassDesk. Si sigue ocurriendo, ejecuta \"passdesk check\" y envía su resultado y los detalles al soporte.",
		},
	},
}
