package search

// Replace updates the search files after an edit to one document's body
// text alone: d has the URL of a document of the last call and every
// field of it but Body. It returns the files written again (the others
// are the last call's), or false when d is not such a document or the
// edit moves too much (then call Build). The result is Build's for the
// last call's documents with d in place of its own.
func (x *Index) Replace(d Document) (map[string][]byte, bool) {
	if x.files == nil {
		return nil, false
	}
	id := -1
	for i := range x.docs {
		if x.docs[i].URL == d.URL {
			id = i
			break
		}
	}
	if id < 0 {
		return nil, false
	}
	p := x.docs[id]
	p.Body = d.Body
	if !sameDoc(&p, &d) {
		return nil, false
	}
	if d.Body == x.docs[id].Body {
		return map[string][]byte{}, true
	}
	// The order of documents depends on none of the fields compared, so
	// the last call's order stands.
	sorted := make([]*Document, len(x.docs))
	for i := range x.docs {
		sorted[i] = &x.docs[i]
	}
	sorted[id] = &d
	files, ok := x.update(sorted)
	if !ok {
		return nil, false
	}
	out := make(map[string][]byte, len(x.written))
	for _, name := range x.written {
		out[name] = files[name]
	}
	return out, true
}
