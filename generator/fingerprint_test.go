package generator

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai"
)

// TestKnownThemeLayouts keeps pageFingerprint honest: it is written for
// the embedded theme's layouts, and a change to them must be reviewed
// against it (a layout that starts to show something the fingerprint
// does not cover would leave stale pages in the preview).
func TestKnownThemeLayouts(t *testing.T) {
	sum, err := layoutsSum(themeFS{site: gongkai.Theme, theme: gongkai.Theme})
	if err != nil {
		t.Fatal(err)
	}
	if sum != knownThemeLayouts {
		t.Errorf("the theme's layouts changed (sum %s): check what they read against pageFingerprint in fingerprint.go, extend it if needed, then set knownThemeLayouts to that sum", sum)
	}
}

// TestFingerprintCoversFields fails when a type that layouts see gains a
// field: pageFingerprint or docHash must then cover it (or say here why
// it need not: "at" holds source positions for problem messages, which
// layouts cannot reach; a ScheduleEntry's "seq" is its row's place in
// its document, which layouts cannot reach either and docHash covers; a
// pageData's "giveBody" gives back the buffer of Body, which the
// fingerprint covers).
func TestFingerprintCoversFields(t *testing.T) {
	want := []struct {
		v      any
		fields string
	}{
		{pageData{}, "Body ByYear Chart Config Counts Crumbs Docs Extra Feed Group Groups ICS Kind Lang Live Meta Months Now Page Pager Sched Shards Site Title URL Year abs giveBody offline"},
		{Document{}, "Attachments Category Date Draft Genre Index Issuer Keywords Next Number Path Prev Schedule ScheduleNote Slug Summary Title URL at body bodyLine bodySum fp links refs srcSize"},
		{Attachment{}, "File Size Title URL at"},
		{ScheduleRow{}, "Day Item Months Owner"},
		{ScheduleEntry{}, "Doc ScheduleRow seq"},
		{Page{}, "Path Slug Title URL at body bodyLine links refs"},
		{Group{}, "Code Description Docs Name Slug"},
		{YearGroup{}, "Docs Schedule Year"},
		{Archive{}, "Config Docs Issuers Pages Topics Years byIndex files"},
		{pager{}, "Links Next Number Prev Total"},
		{pagerLink{}, "Current Gap Number URL"},
		{MonthDocs{}, "Docs Month"},
		{YearDocs{}, "Docs Year"},
		{MonthGroup{}, "Months Rows"},
		{crumb{}, "Title URL"},
		{Category{}, "Description Name Slug"},
		{Issuer{}, "Code Name Slug"},
	}
	for _, w := range want {
		typ, fields := reflect.TypeOf(w.v), w.fields
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			got = append(got, typ.Field(i).Name)
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != fields {
			t.Errorf("%s has fields %s; the fingerprint knows %s (cover the new field in fingerprint.go, then update this list)", typ.Name(), g, fields)
		}
	}
}
