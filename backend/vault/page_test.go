package vault_test

import (
	"fmt"
	"slices"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/vault"
)

// page lists one page of ana's entries, failing the test on an error.
func page(t *testing.T, f fixture, query string, offset, limit int) vault.Page {
	t.Helper()
	p, err := f.vault.List(f.ana.User.ID, f.ana.DataKey, query, offset, limit)
	if err != nil {
		t.Fatalf("List(%q, %d, %d): %v", query, offset, limit, err)
	}
	return p
}

func pageNames(p vault.Page) []string {
	out := make([]string, len(p.Items))
	for i, s := range p.Items {
		out[i] = s.NamePages
	}
	return out
}

// Pages taken one after another make up the whole list in its order, each
// counting every entry, and an offset past the end gives no entries.
func TestPagesMakeUpTheWholeListInOrder(t *testing.T) {
	f := setup(t)
	var want []string
	for i := 9; i >= 0; i-- { // added out of order: the list sorts them
		name := fmt.Sprintf("Site %02d", i)
		f.add(t, f.ana, name, fmt.Sprintf("https://site%02d.example.com", i), "pw")
		want = append([]string{name}, want...)
	}
	var got []string
	for offset := 0; offset < 10; offset += 4 {
		p := page(t, f, "", offset, 4)
		if p.Total != 10 {
			t.Fatalf("page at %d counts %d entries, want 10", offset, p.Total)
		}
		got = append(got, pageNames(p)...)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages listed %q, want %q", got, want)
	}
	if p := page(t, f, "", 10, 4); len(p.Items) != 0 || p.Total != 10 {
		t.Fatalf("past the end: %+v, want no entries of 10", p)
	}
	if p := page(t, f, "", 8, 4); !slices.Equal(pageNames(p), want[8:]) {
		t.Fatalf("last page %q, want %q", pageNames(p), want[8:])
	}
}

// A search is applied before paging: the total counts what matches, and
// the pages hold only matches.
func TestASearchIsPagedAndCounted(t *testing.T) {
	f := setup(t)
	for i := range 6 {
		f.add(t, f.ana, fmt.Sprintf("Bank %d", i), fmt.Sprintf("https://bank%d.example.com", i), "pw")
		f.add(t, f.ana, fmt.Sprintf("Mail %d", i), fmt.Sprintf("https://mail%d.example.com", i), "pw")
	}
	p := page(t, f, "MAIL", 2, 3)
	if p.Total != 6 || !slices.Equal(pageNames(p), []string{"Mail 2", "Mail 3", "Mail 4"}) {
		t.Fatalf("search page = %q of %d, want Mail 2–4 of 6", pageNames(p), p.Total)
	}
	if p := page(t, f, "nothing", 0, 10); p.Total != 0 || p.Items == nil || len(p.Items) != 0 {
		t.Fatalf("no match = %+v, want an empty (not null) list of 0", p)
	}
}

// The generation stays while nothing is written, so pages read at
// different times fit together, and changes with every write, so the
// frontend knows its cached pages are out of date.
func TestThePageGenerationChangesWithAWrite(t *testing.T) {
	f := setup(t)
	bank := f.add(t, f.ana, "Bank", "https://bank.example.com", "pw")
	first := page(t, f, "", 0, 10)
	if again := page(t, f, "", 0, 10); again.Generation != first.Generation {
		t.Fatalf("nothing written, yet the generation went from %d to %d", first.Generation, again.Generation)
	}
	steps := []struct {
		name  string
		write func() error
	}{
		{"add", func() error {
			_, err := f.vault.Add(f.ana.User.ID, f.ana.DataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example.com", PasswordSaved: "pw"})
			return err
		}},
		{"edit", func() error {
			_, err := f.vault.Update(f.ana.User.ID, f.ana.DataKey, bank.ID, vault.Input{NamePages: "Bank 2", URL: bank.URL, PasswordSaved: "pw"})
			return err
		}},
		{"delete", func() error { return f.vault.Delete(f.ana.User.ID, bank.ID) }},
	}
	previous := first.Generation
	for _, step := range steps {
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		p := page(t, f, "", 0, 10)
		if p.Generation <= previous {
			t.Fatalf("after %s the generation is %d, was %d: want a newer one", step.name, p.Generation, previous)
		}
		previous = p.Generation
	}
}

// A page that cannot be served is refused with an invalid-input error that
// names the bad parameter, before anything is read.
func TestABadPageIsRefused(t *testing.T) {
	f := setup(t)
	f.add(t, f.ana, "Bank", "https://bank.example.com", "pw")
	for _, c := range []struct {
		name          string
		offset, limit int
		want          map[string]apperr.Message
	}{
		{"negative offset", -1, 10, map[string]apperr.Message{"offset": apperr.AtLeast(0)}},
		{"zero limit", 0, 0, map[string]apperr.Message{"limit": apperr.Between(1, vault.MaxPageSize)}},
		{"negative limit", 0, -5, map[string]apperr.Message{"limit": apperr.Between(1, vault.MaxPageSize)}},
		{"limit over the most", 0, vault.MaxPageSize + 1, map[string]apperr.Message{"limit": apperr.Between(1, vault.MaxPageSize)}},
		{"absurd limit", 0, 1 << 40, map[string]apperr.Message{"limit": apperr.Between(1, vault.MaxPageSize)}},
		{"both", -3, 0, map[string]apperr.Message{"offset": apperr.AtLeast(0), "limit": apperr.Between(1, vault.MaxPageSize)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := f.vault.List(f.ana.User.ID, f.ana.DataKey, "", c.offset, c.limit)
			e := apperr.As(err)
			if e == nil || e.Code != apperr.Invalid {
				t.Fatalf("List(%d, %d) = %+v, %v; want an invalid-input error", c.offset, c.limit, p, err)
			}
			if len(e.Fields) != len(c.want) {
				t.Fatalf("fields %v, want %v", e.Fields, c.want)
			}
			for field, msg := range c.want {
				if e.Fields[field] != msg {
					t.Errorf("%s: %v, want %v", field, e.Fields[field], msg)
				}
			}
		})
	}
	for _, edge := range [][2]int{{0, 1}, {0, vault.MaxPageSize}, {1 << 40, 1}} {
		if _, err := f.vault.List(f.ana.User.ID, f.ana.DataKey, "", edge[0], edge[1]); err != nil {
			t.Errorf("List(%d, %d): %v, want it served", edge[0], edge[1], err)
		}
	}
}
