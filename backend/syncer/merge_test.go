package syncer

import (
	"maps"
	"reflect"
	"testing"

	"passdesk/backend/store"
)

func profileOf(first, last string) map[string]string {
	return map[string]string{"username": "ana", "email": "ana@example.com", "first_name": first, "last_name": last, "number_phone": ""}
}

func baseOf(values map[string]string, avatar, localAvatar string) *store.SyncFields {
	return &store.SyncFields{Values: maps.Clone(values), Avatar: avatar, LocalAvatar: localAvatar}
}

func TestMergeFieldByField(t *testing.T) {
	base := profileOf("Ana", "Ruiz")
	cases := []struct {
		name          string
		local, remote map[string]string
		takeRemote    map[string]string
		conflicts     []string
	}{
		{"nothing changed", profileOf("Ana", "Ruiz"), profileOf("Ana", "Ruiz"), map[string]string{}, nil},
		{"changed here only: left to the outbox", profileOf("Anita", "Ruiz"), profileOf("Ana", "Ruiz"), map[string]string{}, nil},
		{"changed on the server only: taken", profileOf("Ana", "Ruiz"), profileOf("Ana", "Gómez"), map[string]string{"last_name": "Gómez"}, nil},
		{"different fields on each side: both kept", profileOf("Anita", "Ruiz"), profileOf("Ana", "Gómez"), map[string]string{"last_name": "Gómez"}, nil},
		{"same field, same new value: no conflict", profileOf("Anita", "Ruiz"), profileOf("Anita", "Ruiz"), map[string]string{}, nil},
		{"same field, different values: conflict", profileOf("Anita", "Ruiz"), profileOf("Annie", "Ruiz"), map[string]string{}, []string{"first_name"}},
		{"a server value the local rules refuse: a conflict, not taken", profileOf("Ana", "Ruiz"), profileOf("\u202eAna", "Ruiz"), map[string]string{}, []string{"first_name"}},
		{"a C1 control from the server: a conflict, not taken", profileOf("Ana", "Ruiz"), profileOf("A\u0085na", "Gómez"), map[string]string{"last_name": "Gómez"}, []string{"first_name"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan := merge(mergeInput{Local: c.local, Remote: c.remote, Base: baseOf(base, "", "")})
			if !reflect.DeepEqual(plan.TakeRemote, c.takeRemote) {
				t.Errorf("take remote = %v, want %v", plan.TakeRemote, c.takeRemote)
			}
			var fields []string
			for _, cf := range plan.Conflicts {
				fields = append(fields, cf.Field)
			}
			if !reflect.DeepEqual(fields, c.conflicts) {
				t.Errorf("conflicts = %v, want %v", fields, c.conflicts)
			}
			for f, v := range c.takeRemote {
				if plan.Base.Values[f] != v {
					t.Errorf("base of taken %s = %q, want the server's %q", f, plan.Base.Values[f], v)
				}
			}
			if len(c.conflicts) > 0 && plan.Base.Values["first_name"] != "Ana" {
				t.Errorf("a conflict moved the base to %q; it must stay at the last synced value", plan.Base.Values["first_name"])
			}
		})
	}
}

func TestTheFirstMergeAfterLinkingNeverDropsAValue(t *testing.T) {
	local := profileOf("Ana", "")
	local["number_phone"] = "3001234567"
	remote := profileOf("Annie", "Gómez")
	plan := merge(mergeInput{Local: local, Remote: remote, LocalAvatar: "abc", RemoteAvat: ""})
	if want := map[string]string{"last_name": "Gómez"}; !reflect.DeepEqual(plan.TakeRemote, want) {
		t.Errorf("take remote = %v, want only the field empty here: %v", plan.TakeRemote, want)
	}
	if want := map[string]string{"number_phone": "3001234567"}; !reflect.DeepEqual(plan.Push, want) {
		t.Errorf("push = %v, want only the field empty on the server: %v", plan.Push, want)
	}
	if len(plan.Conflicts) != 1 || plan.Conflicts[0].Field != "first_name" {
		t.Errorf("conflicts = %+v, want first_name (two different names)", plan.Conflicts)
	}
	if plan.Avatar != avatarPush {
		t.Errorf("avatar move = %v, want the local picture pushed to a server without one", plan.Avatar)
	}
}

func TestAnOpenConflictStaysUntilResolvedOrBothSidesAgree(t *testing.T) {
	base := baseOf(profileOf("Ana", "Ruiz"), "", "")
	open := []store.SyncConflict{{Field: "first_name", Server: "Annie"}}
	plan := merge(mergeInput{Local: profileOf("Anita", "Ruiz"), Remote: profileOf("Annette", "Ruiz"), Base: base, Conflicts: open})
	if len(plan.Conflicts) != 1 || plan.Conflicts[0].Server != "Annette" {
		t.Fatalf("conflicts = %+v, want first_name with the server's newest value", plan.Conflicts)
	}
	plan = merge(mergeInput{Local: profileOf("Annette", "Ruiz"), Remote: profileOf("Annette", "Ruiz"), Base: base, Conflicts: open})
	if len(plan.Conflicts) != 0 {
		t.Fatalf("conflicts = %+v, want none once both sides hold the same value", plan.Conflicts)
	}
}

func TestAvatarMerge(t *testing.T) {
	values := profileOf("Ana", "Ruiz")
	cases := []struct {
		name          string
		local, remote string
		base          *store.SyncFields
		move          avatarMove
		conflict      bool
	}{
		{"unchanged", "h1", "/media/a.jpg", baseOf(values, "/media/a.jpg", "h1"), avatarKeep, false},
		{"changed here", "h2", "/media/a.jpg", baseOf(values, "/media/a.jpg", "h1"), avatarKeep, false},
		{"changed on the server", "h1", "/media/b.jpg", baseOf(values, "/media/a.jpg", "h1"), avatarTakeRemote, false},
		{"removed on the server", "h1", "", baseOf(values, "/media/a.jpg", "h1"), avatarTakeRemote, false},
		{"changed on both", "h2", "/media/b.jpg", baseOf(values, "/media/a.jpg", "h1"), avatarKeep, true},
		{"removed on both", "", "", baseOf(values, "/media/a.jpg", "h1"), avatarKeep, false},
		{"first link, server only", "", "/media/a.jpg", nil, avatarTakeRemote, false},
		{"first link, both have one", "h1", "/media/a.jpg", nil, avatarKeep, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan := merge(mergeInput{Local: values, Remote: values, LocalAvatar: c.local, RemoteAvat: c.remote, Base: c.base})
			if plan.Avatar != c.move {
				t.Errorf("move = %v, want %v", plan.Avatar, c.move)
			}
			if got := len(plan.Conflicts) == 1 && plan.Conflicts[0].Field == avatarField; got != c.conflict {
				t.Errorf("avatar conflict = %v, want %v (%+v)", got, c.conflict, plan.Conflicts)
			}
		})
	}
}

func TestCoalescingMergesRunsOfTheSameKindInOrder(t *testing.T) {
	items := []store.OutboxItem{
		{Seq: 1, Change: store.OutboxChange{Fields: map[string]string{"first_name": "A"}}},
		{Seq: 2, Change: store.OutboxChange{Fields: map[string]string{"first_name": "B", "last_name": "C"}}},
		{Seq: 3, Change: store.OutboxChange{Avatar: true}},
		{Seq: 4, Change: store.OutboxChange{Avatar: true}},
		{Seq: 5, Change: store.OutboxChange{Fields: map[string]string{"first_name": "D"}}},
	}
	got := coalesce(items)
	want := []delivery{
		{seqs: []uint64{1, 2}, fields: map[string]string{"first_name": "B", "last_name": "C"}},
		{seqs: []uint64{3, 4}, fields: map[string]string{}, avatar: true},
		{seqs: []uint64{5}, fields: map[string]string{"first_name": "D"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("coalesce = %+v\nwant       %+v", got, want)
	}
	if items[0].Change.Fields["first_name"] != "A" {
		t.Fatal("coalescing changed the queued items themselves")
	}
}
