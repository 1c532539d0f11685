package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gongkai/gongkai/generator"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decode turns the bytes of a saved page into UTF-8 text with "\n" line
// endings and says what it found: the encoding and the line endings.
//
// The order is: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins; then
// bytes that are valid UTF-8 are UTF-8; anything else is decoded as
// GB18030, the superset of GB2312 and GBK that Windows office files and
// older Chinese sites use. A <meta charset> in HTML is not trusted over
// the bytes: pages are often re-saved without updating it, and Chinese
// text in GBK is practically never valid UTF-8.
func decode(src []byte) (text, encoding string, notes []string, err error) {
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		src = src[3:]
		encoding = "UTF-8 with BOM"
		if !utf8.Valid(src) {
			return "", encoding, nil, fmt.Errorf("starts with a UTF-8 byte-order mark but is not valid UTF-8")
		}
		text = string(src)
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		enc := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
		encoding = "UTF-16LE with BOM"
		if src[0] == 0xFE {
			enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
			encoding = "UTF-16BE with BOM"
		}
		b, e := enc.NewDecoder().Bytes(src)
		if e != nil {
			return "", encoding, nil, fmt.Errorf("decoding %s: %v", encoding, e)
		}
		text = string(b)
		notes = append(notes, "encoding "+encoding+" decoded to UTF-8")
	case utf8.Valid(src):
		encoding = "UTF-8"
		text = string(src)
	default:
		b, e := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
		if e != nil {
			return "", "", nil, fmt.Errorf("neither UTF-8 nor GB18030: %v", e)
		}
		encoding = "GB18030"
		text = string(b)
		notes = append(notes, "encoding GB18030/GBK detected, decoded to UTF-8")
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	crlf := strings.Count(text, "\r\n")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	cr := strings.Count(text, "\r")
	text = strings.ReplaceAll(text, "\r", "\n")
	switch {
	case crlf > 0 && cr > 0:
		notes = append(notes, "mixed CRLF and CR line endings normalised")
	case crlf > 0:
		notes = append(notes, "CRLF line endings normalised")
	case cr > 0:
		notes = append(notes, "CR line endings normalised")
	}
	if strings.IndexByte(text, 0) >= 0 {
		// Text has no NUL characters; images, PDFs and office files
		// renamed .txt have many, in any of the encodings above.
		return "", encoding, nil, errors.New("holds NUL bytes, so it is binary data, not a saved page (import pages saved as .txt or .html)")
	}
	// Other control characters are no text either, but a word processor
	// writes its line and page breaks as U+000B and U+000C: white space.
	// A noncharacter, which a conversion from another encoding can leave,
	// stands for nothing. Check refuses both in any text (TextTrouble).
	text = strings.Map(func(r rune) rune {
		switch {
		case generator.TextTrouble(r) == "": // tab and line feed too
			return r
		case isControl(r):
			return ' '
		}
		return -1
	}, text)
	return text, encoding, notes, nil
}

// isControl tells a control character: C0, DEL or C1 (which TOML takes
// as written, and check refuses in any text).
func isControl(r rune) bool { return r < ' ' || 0x7f <= r && r <= 0x9f }
