package browsertest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// vnuReport is the Nu HTML Checker's JSON output.
type vnuReport struct {
	Messages []struct {
		Type    string `json:"type"` // "error", "info" (subType "warning"), "non-document-error"
		SubType string `json:"subType"`
		URL     string `json:"url"`
		Line    int    `json:"lastLine"`
		Column  int    `json:"lastColumn"`
		Message string `json:"message"`
		Extract string `json:"extract"`
	} `json:"messages"`
}

// TestValidHTML runs the Nu HTML Checker over every page of the normal and
// the offline build, in one run of the checker.
func TestValidHTML(t *testing.T) {
	t.Parallel() // the checker's JVM runs beside the browser tests
	java := needTool(t, "java", "default-jre-headless")
	jar := npmFile(t, "vnu-jar/build/dist/vnu.jar")
	e := sites(t)
	var files []string
	for _, name := range []string{"root", "root-offline"} {
		filepath.WalkDir(e.sites[name].dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				files = append(files, p)
			}
			return err
		})
	}
	if len(files) < 20 {
		t.Fatalf("only %d pages to check", len(files))
	}
	sort.Strings(files)
	// A page with a known error shows that the checker really checks.
	canary := filepath.Join(t.TempDir(), "canary.html")
	if err := os.WriteFile(canary, []byte("<!DOCTYPE html><html lang=en><title>x</title><p><div>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, canary)
	cmd := exec.Command(java, append([]string{"-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar, "--format", "json", "--stdout"}, files...)...)
	out, err := cmd.Output()
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		t.Fatalf("running the HTML checker: %v", err)
	}
	var rep vnuReport
	if jerr := json.Unmarshal(out, &rep); jerr != nil {
		t.Fatalf("reading the HTML checker's report: %v (%v)\n%s", jerr, err, out)
	}
	canaryFound := false
	for _, m := range rep.Messages {
		if m.Type == "info" {
			continue
		}
		if strings.HasSuffix(m.URL, "/canary.html") {
			canaryFound = true
			continue
		}
		name := strings.TrimPrefix(m.URL, "file:")
		if rel, err := filepath.Rel(e.tmp, name); err == nil {
			name = rel
		}
		t.Errorf("%s:%d:%d: %s: %s\n    %s", name, m.Line, m.Column, m.Type, m.Message, strings.TrimSpace(m.Extract))
	}
	if !canaryFound {
		t.Errorf("the HTML checker found no error in a page that has one")
	}
}
