package generator

import (
	"bytes"
	"errors"
	"strings"

	"github.com/BurntSushi/toml"
)

// normalizeText removes a UTF-8 byte-order mark and turns Windows (CRLF)
// and old Mac (CR) line endings into LF, so that every later stage sees one
// form and line numbers match what an editor shows.
func normalizeText(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			out = append(out, '\n')
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

var (
	errNoFrontMatter = errors.New(`the file does not start with a line "+++" (put the TOML front matter between two lines "+++" at the top)`)
	errUnclosed      = errors.New(`the front matter is not closed (add a line "+++" after the last TOML line)`)
)

// splitFrontMatter splits normalized source into the TOML front matter and
// the Markdown body. bodyLine is the 1-based line on which the body starts,
// so positions inside the body can be reported against the whole file.
// The front matter's first line is line 2 of the file.
func splitFrontMatter(src []byte) (front, body []byte, bodyLine int, err error) {
	first, rest, ok := cutLine(src)
	if !isFence(first) {
		return nil, nil, 0, errNoFrontMatter
	}
	start := len(src) - len(rest)
	line := 2
	for ok {
		var l []byte
		off := len(src) - len(rest)
		l, rest, ok = cutLine(rest)
		if isFence(l) {
			return src[start:off], rest, line + 1, nil
		}
		line++
	}
	return nil, nil, 0, errUnclosed
}

// cutLine returns the first line of b without its newline, the remainder,
// and whether there was a line at all.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	if len(b) == 0 {
		return nil, nil, false
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, true
}

func isFence(l []byte) bool {
	// Most lines are not: the first byte tells, before any trimming.
	if len(l) < 3 || l[0] != '+' {
		return false
	}
	return string(bytes.TrimRight(l, " \t")) == "+++"
}

// SaysDraft reports whether a Markdown file's front matter has a line
// setting draft to true, each line read on its own. It tells a draft
// whose front matter as a whole does not parse: a save that adds
// draft = true and breaks another line still withdraws the document,
// and the preview must treat it so (see Rebuild.Withdrawn). A file
// without its closing fence is read to the end, and a line inside a
// multi-line string counts: either way the answer errs towards a draft.
func SaysDraft(src []byte) bool {
	text := normalizeText(src)
	fences := 0
	for len(text) > 0 && fences < 2 {
		var line []byte
		line, text, _ = cutLine(text)
		if isFence(line) {
			fences++
			continue
		}
		// TOML writes a boolean only as true, on the key's own line.
		if bytes.Contains(line, []byte("true")) && bytes.IndexByte(line, '=') >= 0 && draftLine(line) {
			return true
		}
	}
	return false
}

// draftLine reports whether one line, decoded alone as TOML, sets draft
// to true. It is decoded, not matched, because the decoder that reads the
// whole front matter also takes the key quoted or with escapes, and a
// draft written so is still a draft. BurntSushi/toml matches the key in
// any case (drAft = true), which the front matter's decoder reports as an
// unknown key; counted here, it errs towards a draft.
func draftLine(line []byte) bool {
	var v struct {
		Draft bool `toml:"draft"`
	}
	_, err := toml.Decode(string(line), &v)
	return err == nil && v.Draft
}

// AttachmentFiles returns the files a Markdown file's front matter lists
// under [[attachments]], as written there (from the document's folder),
// or nil when it lists none or its front matter does not parse. Import
// asks it of the document it overwrites, to name the files that the
// document no longer attaches.
func AttachmentFiles(src []byte) []string {
	front, _, _, err := splitFrontMatter(normalizeText(src))
	if err != nil {
		return nil
	}
	var fm struct {
		Attachments []struct {
			File string `toml:"file"`
		} `toml:"attachments"`
	}
	if _, err := toml.Decode(string(front), &fm); err != nil {
		return nil
	}
	var files []string
	for _, a := range fm.Attachments {
		if f := strings.TrimSpace(a.File); f != "" {
			files = append(files, f)
		}
	}
	return files
}
