package generator

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"unicode/utf8"
)

// The contextual escapers that html/template inserts into the layouts'
// actions, for the fast executor (fastexec.go). Each gives exactly the
// bytes of its html/template counterpart; a value of a kind they do not
// handle is an error, and the page is then rendered by html/template.

var errUnhandled = errors.New("not handled by the fast executor")

// escaper is one of html/template's inserted escapers applied to a value
// already turned to text: s, and whether it is template.HTML.
type escaper func(s string, html bool) (string, error)

// escapers maps html/template's inserted function names to their
// implementations.
var escapers = map[string]escaper{
	"_html_template_htmlescaper":   escHTML,
	"_html_template_attrescaper":   escAttr,
	"_html_template_rcdataescaper": escRCDATA,
	"_html_template_urlfilter":     escURLFilter,
	"_html_template_urlnormalizer": escURLNormalizer,
}

func escHTML(s string, html bool) (string, error) {
	if html {
		return s, nil
	}
	return htmlReplace(s, false), nil
}

func escAttr(s string, html bool) (string, error) {
	if html {
		return "", errUnhandled // html/template strips the tags first
	}
	return htmlReplace(s, false), nil
}

func escRCDATA(s string, html bool) (string, error) {
	return htmlReplace(s, html), nil
}

func escURLFilter(s string, html bool) (string, error) {
	if html {
		return s, nil
	}
	return urlFilter(s), nil
}

// urlFilter replaces a URL of a scheme other than http, https and mailto
// with html/template's "#ZgotmplZ".
func urlFilter(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

func escURLNormalizer(s string, _ bool) (string, error) {
	return normalizeURL(s), nil
}

// escapeValue applies esc to a value as html/template would.
func escapeValue(esc escaper, v reflect.Value) (string, error) {
	s, html, err := stringify(v)
	if err != nil {
		return "", err
	}
	return esc(s, html)
}

var (
	htmlType   = reflect.TypeFor[template.HTML]()
	stringType = reflect.TypeFor[string]()
)

// stringify is html/template's: a string or template.HTML as it is,
// anything else as fmt.Sprint prints it. Other typed content (URL, JS,
// CSS…) is left to html/template.
func stringify(v reflect.Value) (s string, html bool, err error) {
	if !v.IsValid() {
		return "", false, errUnhandled
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", false, nil // an untyped nil prints as nothing
		}
		v = v.Elem()
	}
	d := v
	for d.Kind() == reflect.Pointer && !d.IsNil() {
		d = d.Elem()
	}
	switch {
	case d.Type() == htmlType:
		return d.String(), true, nil
	case d.Type() == stringType:
		return d.String(), false, nil
	case d.Type().PkgPath() == "html/template":
		return "", false, errUnhandled
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return "", false, errUnhandled
	}
	for !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if !v.CanInterface() {
		return "", false, errUnhandled
	}
	return fmt.Sprint(v.Interface()), false, nil
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// htmlSpecial marks the bytes htmlReplace replaces.
var htmlSpecial = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// htmlReplace escapes text for an HTML text node or a quoted attribute;
// norm leaves & alone, as for HTML content in RCDATA.
func htmlReplace(s string, norm bool) string {
	// Most values have nothing to escape: a table lookup per byte finds
	// that twice as fast as a switch, and these values are most of the
	// text a template writes.
	i := 0
	for i < len(s) {
		if c := s[i]; htmlSpecial[c] && (c != '&' || !norm) {
			goto escape
		}
		i++
	}
	return s
escape:
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		var repl string
		switch r {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			if !norm {
				repl = "&amp;"
			}
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		}
		if repl != "" {
			b.WriteString(s[written:i])
			b.WriteString(repl)
			written = i + w
		}
		i += w
	}
	b.WriteString(s[written:])
	return b.String()
}

// normalizeURL percent-encodes what html/template's URL normalizer
// encodes, keeping valid escapes.
func normalizeURL(s string) string {
	for i := 0; i < len(s); i++ {
		if !urlKeeps(s, i) {
			return normalizeURLFrom(s, i)
		}
	}
	return s
}

// urlKeeps reports whether normalizeURL keeps the byte s[i] as it is.
func urlKeeps(s string, i int) bool {
	if c := s[i]; c != '%' {
		return urlKept[c]
	}
	return validEscape(s, i)
}

// validEscape reports whether s[i], a %, begins a valid percent escape:
// % and two hex digits, which an escaper keeps rather than encodes again.
func validEscape(s string, i int) bool {
	return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
}

// urlKept marks the bytes normalizeURL keeps as they are, '%' aside:
// letters, digits and the URL's reserved and unreserved punctuation.
var urlKept = func() (t [256]bool) {
	for _, c := range []byte("!#$&*+,/:;=?@[]-._~") {
		t[c] = true
	}
	for c := range 256 {
		t[c] = t[c] || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// normalizeURLFrom is normalizeURL for s whose byte at first is the first
// to escape. It is apart so that the common case, nothing to escape, does
// not allocate the builder.
func normalizeURLFrom(s string, first int) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:first])
	written := first
	for i := first; i < len(s); i++ {
		if urlKeeps(s, i) {
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", s[i])
		written = i + 1
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
