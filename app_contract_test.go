package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/profilefield"
	"passdesk/backend/settings"
	"passdesk/backend/syncer"
)

var updateContract = flag.Bool("update", false, "rewrite the frontend's contract samples (frontend/src/api/contract.samples.json)")

// contractSamples is what the frontend's contract test
// (frontend/src/api/contract.test.ts) feeds through the API client: for
// every bound method with a result, that result as Go sends it, once with
// every field set and once empty.
const contractSamples = "frontend/src/api/contract.samples.json"

// choices are the string fields that hold one of a few values: a sample
// holds one the UI knows (its first, for the empty sample, and another for
// the full one) rather than any text. Keyed by Go type and field name.
var choices = map[string][2]string{
	fieldKey(reflect.TypeFor[settings.Appearance](), "Theme"):    {settings.System, "dark"},
	fieldKey(reflect.TypeFor[settings.Appearance](), "Language"): {settings.System, "es"},
	fieldKey(reflect.TypeFor[syncer.Status](), "State"):          {string(syncer.StateOff), string(syncer.StateNeedsSignIn)},
	fieldKey(reflect.TypeFor[apperr.Public](), "Code"):           {string(apperr.Internal), string(apperr.Invalid)},
	fieldKey(reflect.TypeFor[syncer.Transfer](), "Part"):         {"avatar_download", "avatar_upload"},
}

func fieldKey(typ reflect.Type, field string) string { return typ.String() + "." + field }

// sampler builds a sample value of a bound result type.
type sampler struct {
	// full: every pointer allocated, every slice and map with one element,
	// every other value non-zero and distinct (strings are their JSON
	// path, numbers count up), so a field the frontend drops, defaults or
	// reads from another field shows. Otherwise the empty sample: Go's zero
	// value (nil pointers, so null; omitempty fields left out), except
	// slices, which are empty rather than nil as the backend sends them.
	full bool
	// next is the last number handed out.
	next int
	// used records the choices met, so a stale entry shows.
	used map[string]bool
}

func (s *sampler) value(typ reflect.Type, path string) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		if s.full {
			v.SetString(path)
		}
	case reflect.Bool:
		v.SetBool(s.full)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if s.full {
			s.next++
			v.SetInt(int64(s.next))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if s.full {
			s.next++
			v.SetUint(uint64(s.next))
		}
	case reflect.Float32, reflect.Float64:
		if s.full {
			s.next++
			v.SetFloat(float64(s.next) + 0.5)
		}
	case reflect.Interface:
		// Go's `any` (message parameters): text, which the frontend keeps.
		if s.full {
			v.Set(reflect.ValueOf(path))
		}
	case reflect.Pointer:
		if s.full {
			v.Set(reflect.New(typ.Elem()))
			v.Elem().Set(s.value(typ.Elem(), path))
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(typ, 0, 1))
		if s.full {
			v.Set(reflect.Append(v, s.value(typ.Elem(), path+".0")))
		}
	case reflect.Map:
		if s.full {
			v.Set(reflect.MakeMap(typ))
			v.SetMapIndex(reflect.ValueOf(path+".key").Convert(typ.Key()), s.value(typ.Elem(), path+".key"))
		}
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := jsonName(f)
			if name == "" {
				continue
			}
			if c, ok := choices[fieldKey(typ, f.Name)]; ok {
				s.used[fieldKey(typ, f.Name)] = true
				pick := c[0]
				if s.full {
					pick = c[1]
				}
				v.Field(i).SetString(pick)
				continue
			}
			v.Field(i).Set(s.value(f.Type, path+"."+name))
		}
	default:
		panic(fmt.Sprintf("%s: no sample for a %s", path, typ))
	}
	return v
}

// jsonName is f's name in JSON, or "" when encoding/json leaves it out.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}

// contract is the file's content: the bound results and the names the
// bound UpdateProfile accepts (profilefield.All), which the frontend lists
// as EDITABLE_FIELDS.
type contract struct {
	ProfileFields []string                              `json:"profile_fields"`
	Results       map[string]map[string]json.RawMessage `json:"results"`
}

func buildContract(t *testing.T) []byte {
	t.Helper()
	c := contract{Results: map[string]map[string]json.RawMessage{}}
	for _, f := range profilefield.All {
		c.ProfileFields = append(c.ProfileFields, f.Name)
	}
	used := map[string]bool{}
	for _, m := range boundMethods() {
		if m.Type.NumOut() < 2 {
			continue // only an error
		}
		c.Results[m.Name] = map[string]json.RawMessage{}
		for _, full := range []bool{false, true} {
			s := sampler{full: full, used: used}
			raw, err := json.Marshal(s.value(m.Type.Out(0), m.Name).Interface())
			if err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
			c.Results[m.Name][map[bool]string{false: "empty", true: "full"}[full]] = raw
		}
	}
	for key := range choices {
		if !used[key] {
			t.Errorf("the choice for %s is in no bound result: remove it", key)
		}
	}
	out, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// The frontend's contract test reads what Go really sends: a renamed JSON
// tag, a new field or a changed type in a bound result changes the samples,
// so this fails until they are rewritten, and then the frontend's strict
// readers refuse the new shape until client.ts follows.
func TestContractSamplesAreUpToDate(t *testing.T) {
	want := buildContract(t)
	if *updateContract {
		if err := os.WriteFile(contractSamples, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(contractSamples)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date: run go test -tags webkit2_41 -run Contract . -update, then cd frontend && npx vitest run src/api/contract.test.ts", contractSamples)
	}
}
