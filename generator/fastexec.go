package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// fastTemplate executes the escaped parse trees of an html/template set,
// compiled once into Go closures. text/template walks the trees for every
// page, looks every field and method up by name and calls every function,
// the escapers included, through reflect with boxed arguments. Here each
// field chain remembers what its names resolved to on the types it met,
// constants are boxed once, the escapers and the common functions and
// methods are called directly, and text goes straight into a buffer.
//
// It is an accelerator, not a second engine: anything it does not handle
// exactly as html/template does (a construct, a function, a kind of
// value, any error) makes execute fail, and the page is then rendered by
// html/template, which also gives the authoritative error. The tests
// render whole sites both ways and require the same bytes.
type fastTemplate struct {
	// compiled is the Go code generated for the embedded theme
	// (theme_gen.go), used instead of the closures when the site's
	// layouts are the theme's.
	compiled func(*bytes.Buffer, *pageData) error

	trees map[string]*parse.Tree
	funcs map[string]reflect.Value
	root  stmt
	named map[string]*stmt // compiled templates, by name; filled in as they are compiled
}

// The compiled forms: a statement writes, an expression gives a value,
// and a command of a pipeline gives a value from the value piped in
// (final; missing for the first command).
type (
	stmt func(s *fastState, dot reflect.Value) error
	expr func(s *fastState, dot reflect.Value) (reflect.Value, error)
	cmd  func(s *fastState, dot, final reflect.Value) (reflect.Value, error)
)

// fastTemplates prepares a fast executor for each page kind. html/template
// escapes a set when it first executes it, so each set is executed once
// with an empty page of its kind: an escaping error (*template.Error)
// leaves the kind to html/template, which will report it; an execution
// error comes from the empty page and means nothing. A kind whose layouts
// use what the executor does not handle has no entry and renders through
// html/template alone. A kind in compiled (see theme_gen.go) executes its
// generated code instead.
func fastTemplates(templates map[string]*template.Template, funcs template.FuncMap, empty func(kind string) any,
	compiled map[string]func(*bytes.Buffer, *pageData) error) map[string]*fastTemplate {
	out := map[string]*fastTemplate{}
	for kind, set := range templates {
		if fn := compiled[kind]; fn != nil {
			out[kind] = &fastTemplate{compiled: fn}
			continue
		}
		var escapeErr *template.Error
		if err := set.ExecuteTemplate(io.Discard, "layouts/base.html", empty(kind)); errors.As(err, &escapeErr) {
			continue
		}
		if f := newFastTemplate(set, "layouts/base.html", funcs); f != nil {
			out[kind] = f
		}
	}
	return out
}

// newFastTemplate prepares set, whose templates must have been escaped
// (executed once), for fast execution of the template named root. It
// returns nil when the set uses anything the executor does not handle.
func newFastTemplate(set *template.Template, root string, funcs template.FuncMap) *fastTemplate {
	f := &fastTemplate{trees: map[string]*parse.Tree{}, funcs: map[string]reflect.Value{}, named: map[string]*stmt{}}
	for name, fn := range funcs {
		f.funcs[name] = reflect.ValueOf(fn)
	}
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			f.trees[t.Name()] = t.Tree
		}
	}
	tree := f.trees[root]
	if tree == nil || !f.supported(tree.Root, map[string]bool{root: true}) {
		return nil
	}
	f.root = *f.template(root)
	return f
}

// builtins are the functions of text/template the executor implements.
var builtins = map[string]bool{"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true, "len": true, "printf": true, "print": true}

// supported reports whether every node under n, and in the templates it
// calls, is one the executor handles, and every action that prints ends
// in an escaper. seen holds the templates already looked at: only those
// reachable from the root have been escaped.
func (f *fastTemplate) supported(n parse.Node, seen map[string]bool) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !f.supported(c, seen) {
				return false
			}
		}
		return true
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			last := n.Pipe.Cmds[len(n.Pipe.Cmds)-1]
			id, ok := last.Args[0].(*parse.IdentifierNode)
			if !ok || escapers[id.Ident] == nil {
				return false
			}
		}
		return f.pipeSupported(n.Pipe)
	case *parse.IfNode:
		return f.pipeSupported(n.Pipe) && f.supported(n.List, seen) && f.supported(n.ElseList, seen)
	case *parse.WithNode:
		return f.pipeSupported(n.Pipe) && f.supported(n.List, seen) && f.supported(n.ElseList, seen)
	case *parse.RangeNode:
		return f.pipeSupported(n.Pipe) && f.supported(n.List, seen) && f.supported(n.ElseList, seen)
	case *parse.TemplateNode:
		t := f.trees[n.Name]
		if t == nil || (n.Pipe != nil && !f.pipeSupported(n.Pipe)) {
			return false
		}
		if seen[n.Name] {
			return true
		}
		seen[n.Name] = true
		return f.supported(t.Root, seen)
	}
	return false
}

func (f *fastTemplate) pipeSupported(p *parse.PipeNode) bool {
	if p == nil {
		return true
	}
	for _, c := range p.Cmds {
		for i, a := range c.Args {
			switch a := a.(type) {
			case *parse.IdentifierNode:
				if escapers[a.Ident] == nil && !builtins[a.Ident] && !f.funcs[a.Ident].IsValid() {
					return false
				}
				if i > 0 && !f.funcs[a.Ident].IsValid() {
					return false
				}
			case *parse.PipeNode:
				if !f.pipeSupported(a) {
					return false
				}
			case *parse.ChainNode:
				if p, ok := a.Node.(*parse.PipeNode); !ok || !f.pipeSupported(p) {
					return false
				}
			case *parse.FieldNode, *parse.VariableNode, *parse.DotNode, *parse.StringNode, *parse.NumberNode, *parse.BoolNode:
			default:
				return false
			}
		}
	}
	return true
}

// variable is a template variable in scope.
type variable struct {
	name  string
	value reflect.Value
}

type fastState struct {
	f     *fastTemplate
	w     *bytes.Buffer
	vars  []variable
	stack []reflect.Value // arguments of the calls in progress
}

var errBreak, errContinue = fmt.Errorf("break"), fmt.Errorf("continue")

// missing marks "no value piped in", as text/template's missingVal does.
var missing = reflect.ValueOf(struct{ missing bool }{true})

// execute renders the root template with data into w. On an error, w
// holds a partial page and must be discarded.
func (f *fastTemplate) execute(w *bytes.Buffer, data any) error {
	if f.compiled != nil {
		if p, ok := data.(*pageData); ok {
			return runCompiled(f.compiled, w, p)
		}
		return errUnhandled
	}
	v := reflect.ValueOf(data)
	s := &fastState{f: f, w: w, vars: make([]variable, 1, 16), stack: make([]reflect.Value, 0, 32)}
	s.vars[0] = variable{"$", v}
	return f.root(s, v)
}

// runCompiled runs generated code. Where html/template reports an error,
// such as a field of a nil pointer, the generated code may panic instead:
// the page is then left to html/template, which gives the error.
func runCompiled(fn func(*bytes.Buffer, *pageData) error, w *bytes.Buffer, p *pageData) (err error) {
	defer func() {
		if recover() != nil {
			err = errUnhandled
		}
	}()
	return fn(w, p)
}

func unhandled(*fastState, reflect.Value) error { return errUnhandled }

// template returns the compiled template name, compiling it the first
// time; a template that calls itself finds its own entry already there.
func (f *fastTemplate) template(name string) *stmt {
	if st := f.named[name]; st != nil {
		return st
	}
	st := new(stmt)
	*st = unhandled
	f.named[name] = st
	if t := f.trees[name]; t != nil {
		*st = f.list(t.Root)
	}
	return st
}

func (f *fastTemplate) list(l *parse.ListNode) stmt {
	if l == nil {
		return func(*fastState, reflect.Value) error { return nil }
	}
	stmts := make([]stmt, len(l.Nodes))
	for i, n := range l.Nodes {
		stmts[i] = f.node(n)
	}
	return func(s *fastState, dot reflect.Value) error {
		for _, st := range stmts {
			if err := st(s, dot); err != nil {
				return err
			}
		}
		return nil
	}
}

func (f *fastTemplate) node(n parse.Node) stmt {
	switch n := n.(type) {
	case *parse.ListNode:
		return f.list(n)
	case *parse.TextNode:
		text := n.Text
		return func(s *fastState, _ reflect.Value) error {
			s.w.Write(text)
			return nil
		}
	case *parse.CommentNode:
		return func(*fastState, reflect.Value) error { return nil }
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			return f.output(n.Pipe)
		}
		p := f.pipe(n.Pipe)
		return func(s *fastState, dot reflect.Value) error {
			_, err := p(s, dot)
			return err
		}
	case *parse.IfNode:
		return f.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return f.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return f.rangeNode(n)
	case *parse.TemplateNode:
		var p expr
		if n.Pipe != nil {
			p = f.pipe(n.Pipe)
		}
		target := f.template(n.Name)
		return func(s *fastState, dot reflect.Value) error {
			var v reflect.Value
			if p != nil {
				var err error
				if v, err = p(s, dot); err != nil {
					return err
				}
			}
			inner := &fastState{f: s.f, w: s.w, vars: make([]variable, 1, 16), stack: s.stack[len(s.stack):]}
			inner.vars[0] = variable{"$", v}
			return (*target)(inner, v)
		}
	case *parse.BreakNode:
		return func(*fastState, reflect.Value) error { return errBreak }
	case *parse.ContinueNode:
		return func(*fastState, reflect.Value) error { return errContinue }
	}
	return unhandled
}

// output compiles an action that prints, which always ends in one or
// more escapers (see supported): they are applied to text, and the text
// written, without boxing each intermediate string in a reflect.Value.
func (f *fastTemplate) output(p *parse.PipeNode) stmt {
	k := len(p.Cmds)
	var escs []escaper
	for k > 1 {
		id, ok := p.Cmds[k-1].Args[0].(*parse.IdentifierNode)
		if !ok || len(p.Cmds[k-1].Args) != 1 || escapers[id.Ident] == nil {
			break
		}
		escs = append([]escaper{escapers[id.Ident]}, escs...)
		k--
	}
	cmds := make([]cmd, k)
	for i, c := range p.Cmds[:k] {
		cmds[i] = f.command(c)
	}
	return func(s *fastState, dot reflect.Value) error {
		v := missing
		for _, c := range cmds {
			var err error
			if v, err = c(s, dot, v); err != nil {
				return err
			}
		}
		if len(escs) == 0 {
			s.w.WriteString(v.String()) // the last command was an escaper called with arguments
			return nil
		}
		text, html, err := stringify(v)
		if err != nil {
			return err
		}
		for _, esc := range escs {
			if text, err = esc(text, html); err != nil {
				return err
			}
			html = false
		}
		s.w.WriteString(text)
		return nil
	}
}

func (f *fastTemplate) ifOrWith(pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) stmt {
	p, then := f.pipe(pipe), f.list(list)
	var otherwise stmt
	if elseList != nil {
		otherwise = f.list(elseList)
	}
	return func(s *fastState, dot reflect.Value) error {
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := p(s, dot)
		if err != nil {
			return err
		}
		t, ok := truth(v)
		if !ok {
			return errUnhandled
		}
		if t {
			if with {
				return then(s, v)
			}
			return then(s, dot)
		}
		if otherwise != nil {
			return otherwise(s, dot)
		}
		return nil
	}
}

func (f *fastTemplate) rangeNode(n *parse.RangeNode) stmt {
	p, body := f.pipe(n.Pipe), f.list(n.List)
	var otherwise stmt
	if n.ElseList != nil {
		otherwise = f.list(n.ElseList)
	}
	decl := n.Pipe.Decl
	if n.Pipe.IsAssign && len(decl) > 0 {
		return unhandled
	}
	return func(s *fastState, dot reflect.Value) error {
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := p(s, dot)
		if err != nil {
			return err
		}
		v, _ = indirect(v)
		if !v.IsValid() {
			return errUnhandled
		}
		switch v.Kind() {
		case reflect.Slice, reflect.Array:
		default:
			return errUnhandled
		}
		if v.Len() == 0 {
			if otherwise != nil {
				return otherwise(s, dot)
			}
			return nil
		}
		for i := 0; i < v.Len(); i++ {
			elem := v.Index(i)
			switch len(decl) {
			case 0:
			case 1:
				s.vars[mark] = variable{decl[0].Ident[0], elem}
			default:
				s.vars[mark] = variable{decl[0].Ident[0], reflect.ValueOf(i)}
				s.vars[mark+1] = variable{decl[1].Ident[0], elem}
			}
			inner := len(s.vars)
			err := body(s, elem)
			s.vars = s.vars[:inner]
			if err == errBreak {
				break
			}
			if err != nil && err != errContinue {
				return err
			}
		}
		return nil
	}
}

// pipe compiles a pipeline, which declares or assigns its variables.
func (f *fastTemplate) pipe(p *parse.PipeNode) expr {
	cmds := make([]cmd, len(p.Cmds))
	for i, c := range p.Cmds {
		cmds[i] = f.command(c)
	}
	names := make([]string, len(p.Decl))
	for i, d := range p.Decl {
		names[i] = d.Ident[0]
	}
	assign := p.IsAssign
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		final := missing
		for _, c := range cmds {
			var err error
			if v, err = c(s, dot, final); err != nil {
				return reflect.Value{}, err
			}
			final = v
		}
		for _, name := range names {
			if assign {
				found := false
				for i := len(s.vars) - 1; i >= 0; i-- {
					if s.vars[i].name == name {
						s.vars[i].value = v
						found = true
						break
					}
				}
				if !found {
					return reflect.Value{}, errUnhandled
				}
			} else {
				s.vars = append(s.vars, variable{name, v})
			}
		}
		return v, nil
	}
}

// scoped compiles a parenthesized pipeline: the variables it declares end
// with it.
func (f *fastTemplate) scoped(n *parse.PipeNode) expr {
	p := f.pipe(n)
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		mark := len(s.vars)
		v, err := p(s, dot)
		s.vars = s.vars[:mark]
		return v, err
	}
}

func (f *fastTemplate) command(c *parse.CommandNode) cmd {
	args := c.Args[1:]
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		chain := f.fieldChain(n.Ident, args)
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			return chain(s, dot, dot, final)
		}
	case *parse.ChainNode:
		pipe, ok := n.Node.(*parse.PipeNode)
		if !ok {
			break
		}
		p, chain := f.pipe(pipe), f.fieldChain(n.Field, args)
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			v, err := p(s, dot)
			if err != nil {
				return reflect.Value{}, err
			}
			return chain(s, dot, v, final)
		}
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			if len(args) > 0 {
				break
			}
			return func(s *fastState, _, final reflect.Value) (reflect.Value, error) {
				if final != missing {
					return reflect.Value{}, errUnhandled
				}
				return s.variable(name)
			}
		}
		chain := f.fieldChain(n.Ident[1:], args)
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			v, err := s.variable(name)
			if err != nil {
				return reflect.Value{}, err
			}
			return chain(s, dot, v, final)
		}
	case *parse.IdentifierNode:
		return f.function(n.Ident, args)
	case *parse.PipeNode:
		if len(args) > 0 {
			break
		}
		p := f.scoped(n)
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			if final != missing {
				return reflect.Value{}, errUnhandled
			}
			return p(s, dot)
		}
	default:
		if len(args) > 0 {
			break
		}
		k := f.constant(c.Args[0])
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			if final != missing {
				return reflect.Value{}, errUnhandled
			}
			return k(s, dot)
		}
	}
	return func(*fastState, reflect.Value, reflect.Value) (reflect.Value, error) {
		return reflect.Value{}, errUnhandled
	}
}

func (s *fastState) variable(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errUnhandled
}

func unhandledExpr(*fastState, reflect.Value) (reflect.Value, error) {
	return reflect.Value{}, errUnhandled
}

// constant compiles a literal or dot used as a whole command or as an
// argument; literals are boxed once, here.
func (f *fastTemplate) constant(n parse.Node) expr {
	var v reflect.Value
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *fastState, dot reflect.Value) (reflect.Value, error) { return dot, nil }
	case *parse.StringNode:
		v = reflect.ValueOf(n.Text)
	case *parse.BoolNode:
		v = reflect.ValueOf(n.True)
	case *parse.NumberNode:
		if !n.IsInt || strings.ContainsAny(n.Text, ".eEpP") || strings.HasPrefix(n.Text, "'") {
			return unhandledExpr
		}
		v = reflect.ValueOf(int(n.Int64))
	default:
		return unhandledExpr
	}
	return func(*fastState, reflect.Value) (reflect.Value, error) { return v, nil }
}

// arg compiles an argument of a function or method.
func (f *fastTemplate) arg(n parse.Node) expr {
	switch n := n.(type) {
	case *parse.FieldNode:
		chain := f.fieldChain(n.Ident, nil)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) { return chain(s, dot, dot, missing) }
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			return func(s *fastState, _ reflect.Value) (reflect.Value, error) { return s.variable(name) }
		}
		chain := f.fieldChain(n.Ident[1:], nil)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := s.variable(name)
			if err != nil {
				return reflect.Value{}, err
			}
			return chain(s, dot, v, missing)
		}
	case *parse.PipeNode:
		return f.scoped(n)
	case *parse.ChainNode:
		pipe, ok := n.Node.(*parse.PipeNode)
		if !ok {
			return unhandledExpr
		}
		p, chain := f.pipe(pipe), f.fieldChain(n.Field, nil)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := p(s, dot)
			if err != nil {
				return reflect.Value{}, err
			}
			return chain(s, dot, v, missing)
		}
	}
	return f.constant(n)
}

func (f *fastTemplate) args(nodes []parse.Node) []expr {
	out := make([]expr, len(nodes))
	for i, n := range nodes {
		out[i] = f.arg(n)
	}
	return out
}

// fieldChain compiles .A.B.C, evaluated from a receiver; the last name
// gets the command's arguments when it is a method.
func (f *fastTemplate) fieldChain(idents []string, args []parse.Node) func(s *fastState, dot, receiver, final reflect.Value) (reflect.Value, error) {
	names := make([]*access, len(idents))
	for i, id := range idents {
		names[i] = &access{name: id}
	}
	last, argv := names[len(names)-1], f.args(args)
	inner := names[:len(names)-1]
	return func(s *fastState, dot, receiver, final reflect.Value) (reflect.Value, error) {
		for _, a := range inner {
			var err error
			if receiver, err = a.get(s, dot, receiver, nil, missing); err != nil {
				return reflect.Value{}, err
			}
		}
		return last.get(s, dot, receiver, argv, final)
	}
}

// access is one name of a field chain, with what it resolved to on each
// receiver type it has met: a handful of types at most, compared by
// identity, so a lookup neither hashes nor locks.
type access struct {
	name    string
	mu      sync.Mutex
	entries atomic.Pointer[[]typedMember]
}

type typedMember struct {
	t reflect.Type
	m *member
}

// member is a cached lookup of a name on a receiver type: a method of
// the type, or else a field of the struct it points to.
type member struct {
	method int           // index in the method set, or -1
	fn     reflect.Value // the method, taking its receiver first
	direct directCall    // calls fn without reflect, for the common signatures
	field  []int         // index path of an exported struct field, or nil
}

// lookup finds name on receivers of type t (after taking the address of
// an addressable value, as text/template does), once per type and name.
// lookup finds the name on receivers of type t (after taking the address
// of an addressable value, as text/template does), once per type.
func (a *access) lookup(t reflect.Type) *member {
	if entries := a.entries.Load(); entries != nil {
		for _, e := range *entries {
			if e.t == t {
				return e.m
			}
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var entries []typedMember
	if old := a.entries.Load(); old != nil {
		for _, e := range *old {
			if e.t == t {
				return e.m
			}
		}
		entries = append(entries, *old...)
	}
	m := findMember(t, a.name)
	entries = append(entries, typedMember{t, m})
	a.entries.Store(&entries)
	return m
}

func findMember(t reflect.Type, name string) *member {
	m := &member{method: -1}
	if meth, ok := t.MethodByName(name); ok && t.Kind() != reflect.Interface {
		m.method = meth.Index
		m.fn = meth.Func
		m.direct = directMethod(meth.Func.Interface())
	} else {
		st := t
		for st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() == reflect.Struct {
			if sf, ok := st.FieldByName(name); ok && sf.IsExported() {
				m.field = sf.Index
			}
		}
	}
	return m
}

func (a *access) get(s *fastState, dot, receiver reflect.Value, args []expr, final reflect.Value) (reflect.Value, error) {
	if !receiver.IsValid() || receiver.Kind() == reflect.Interface {
		return reflect.Value{}, errUnhandled
	}
	ptr := receiver
	if ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	m := a.lookup(ptr.Type())
	if m.method >= 0 {
		return s.invoke(dot, m.fn, ptr, m.direct, args, final)
	}
	if m.field == nil || len(args) > 0 || final != missing {
		return reflect.Value{}, errUnhandled
	}
	receiver, isNil := indirect(receiver)
	if isNil || receiver.Kind() != reflect.Struct {
		return reflect.Value{}, errUnhandled
	}
	// A field promoted through a nil embedded pointer is html/template's
	// to report.
	field, err := receiver.FieldByIndexErr(m.field)
	if err != nil {
		return reflect.Value{}, errUnhandled
	}
	return field, nil
}

func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// invoke evaluates the arguments and calls fn, with recv first when it is
// valid. The common signatures are called directly.
func (s *fastState) invoke(dot, fn, recv reflect.Value, direct directCall, args []expr, final reflect.Value) (reflect.Value, error) {
	typ := fn.Type()
	first := 0
	if recv.IsValid() {
		first = 1
	}
	nin := typ.NumIn() - first
	nargs := len(args)
	if final != missing {
		nargs++
	}
	if typ.IsVariadic() {
		if nargs < nin-1 {
			return reflect.Value{}, errUnhandled
		}
	} else if nargs != nin {
		return reflect.Value{}, errUnhandled
	}
	// The arguments go on a stack the state keeps, not a new slice per
	// call; calls made while evaluating them push and pop above mark.
	mark := len(s.stack)
	defer func() { s.stack = s.stack[:mark] }()
	if first == 1 {
		s.stack = append(s.stack, recv)
	}
	for i := 0; i < nargs; i++ {
		var want reflect.Type
		if typ.IsVariadic() && i >= nin-1 {
			want = typ.In(typ.NumIn() - 1).Elem()
		} else {
			want = typ.In(first + i)
		}
		var v reflect.Value
		if i < len(args) {
			var err error
			if v, err = args[i](s, dot); err != nil {
				return reflect.Value{}, err
			}
		} else {
			v = final
		}
		if !v.IsValid() {
			return reflect.Value{}, errUnhandled
		}
		if v.Type() != want && !v.Type().AssignableTo(want) {
			if v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().Type().AssignableTo(want) {
				v = v.Elem()
			} else {
				return reflect.Value{}, errUnhandled
			}
		}
		s.stack = append(s.stack, v)
	}
	argv := s.stack[mark:]
	if direct != nil {
		return direct(argv)
	}
	out := fn.Call(argv)
	switch {
	case len(out) == 2 && out[1].Type() == errorType:
		if !out[1].IsNil() {
			return reflect.Value{}, out[1].Interface().(error)
		}
	case len(out) != 1:
		return reflect.Value{}, errUnhandled
	}
	return out[0], nil
}

// directCall calls a method with its evaluated arguments, receiver first,
// without going through reflect.
type directCall func(argv []reflect.Value) (reflect.Value, error)

// directMethod returns a direct call for the methods of the page data
// and the functions whose signatures layouts use on every page, or nil.
// Strings and ints are read with String and Int, which, unlike
// Interface, do not copy the value to the heap.
func directMethod(fn any) directCall {
	switch f := fn.(type) {
	case func(string) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(a[0].String())), nil }
	case func(int64) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(a[0].Int())), nil }
	case func(int, int) int:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(int(a[0].Int()), int(a[1].Int()))), nil
		}
	case func([]string, string) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().([]string), a[1].String())), nil
		}
	case func(*pageData, string) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData), a[1].String())), nil
		}
	case func(*pageData, string) (string, error):
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := f(a[0].Interface().(*pageData), a[1].String())
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(r), nil
		}
	case func(*pageData, int) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData), int(a[1].Int()))), nil
		}
	case func(*pageData, []int) string:
		return direct1(f)
	case func(*pageData, []*Document) listView:
		return direct1(f)
	case func(*pageData, Date) string:
		return direct1(f)
	case func(*pageData) string:
		return direct0(f)
	case func(*pageData) bool:
		return direct0(f)
	case func(*Date) string:
		return direct0(f)
	case func(*Date) bool:
		return direct0(f)
	case func(*Document) bool:
		return direct0(f)
	case func(*Document) int:
		return direct0(f)
	case func(*Attachment) string:
		return direct0(f)
	}
	return nil
}

// direct0 calls a method that takes nothing but its receiver.
func direct0[R, T any](f func(T) R) directCall {
	return func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(a[0].Interface().(T))), nil
	}
}

// direct1 calls a method with one argument, taken through Interface.
func direct1[R, T, A any](f func(T, A) R) directCall {
	return func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(a[0].Interface().(T), a[1].Interface().(A))), nil
	}
}

// function compiles a call of a function: an escaper, one of the set's
// functions, or a builtin.
func (f *fastTemplate) function(name string, argNodes []parse.Node) cmd {
	fail := func(*fastState, reflect.Value, reflect.Value) (reflect.Value, error) {
		return reflect.Value{}, errUnhandled
	}
	if esc := escapers[name]; esc != nil {
		if len(argNodes) != 0 {
			return fail
		}
		return func(_ *fastState, _, final reflect.Value) (reflect.Value, error) {
			if final == missing {
				return reflect.Value{}, errUnhandled
			}
			out, err := escapeValue(esc, final)
			return reflect.ValueOf(out), err
		}
	}
	args := f.args(argNodes)
	if fn := f.funcs[name]; fn.IsValid() {
		var direct directCall
		if fn.CanInterface() {
			direct = directMethod(fn.Interface())
		}
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			return s.invoke(dot, fn, reflect.Value{}, direct, args, final)
		}
	}
	var call func(s *fastState, dot reflect.Value) (reflect.Value, error)
	switch name {
	case "and", "or":
		or := name == "or"
		call = func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range args {
				var err error
				if v, err = a(s, dot); err != nil {
					return reflect.Value{}, err
				}
				t, ok := truth(v)
				if !ok {
					return reflect.Value{}, errUnhandled
				}
				if t == or {
					return v, nil
				}
			}
			if v.IsValid() {
				return v, nil
			}
			return reflect.Value{}, errUnhandled
		}
	case "not":
		if len(args) != 1 {
			return fail
		}
		call = func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := args[0](s, dot)
			if err != nil {
				return reflect.Value{}, err
			}
			t, ok := truth(v)
			if !ok {
				return reflect.Value{}, errUnhandled
			}
			return reflect.ValueOf(!t), nil
		}
	case "len":
		if len(args) != 1 {
			return fail
		}
		call = func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := args[0](s, dot)
			if err != nil {
				return reflect.Value{}, err
			}
			v, _ = indirect(v)
			switch v.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
			return reflect.Value{}, errUnhandled
		}
	case "eq", "ne", "lt", "le", "gt", "ge":
		if len(args) != 2 {
			return fail
		}
		call = func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			a, err := args[0](s, dot)
			if err != nil {
				return reflect.Value{}, err
			}
			b, err := args[1](s, dot)
			if err != nil {
				return reflect.Value{}, err
			}
			c, ok := compare(a, b)
			if !ok {
				return reflect.Value{}, errUnhandled
			}
			switch name {
			case "eq":
				return reflect.ValueOf(c == 0), nil
			case "ne":
				return reflect.ValueOf(c != 0), nil
			}
			if c == 2 {
				return reflect.Value{}, errUnhandled
			}
			switch name {
			case "lt":
				return reflect.ValueOf(c < 0), nil
			case "le":
				return reflect.ValueOf(c <= 0), nil
			case "gt":
				return reflect.ValueOf(c > 0), nil
			}
			return reflect.ValueOf(c >= 0), nil
		}
	case "printf", "print":
		call = func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			vals := make([]any, len(args))
			for i, a := range args {
				v, err := a(s, dot)
				if err != nil {
					return reflect.Value{}, err
				}
				if !v.IsValid() || !v.CanInterface() {
					return reflect.Value{}, errUnhandled
				}
				vals[i] = v.Interface()
			}
			if name == "print" {
				return reflect.ValueOf(fmt.Sprint(vals...)), nil
			}
			if len(vals) > 0 {
				if format, ok := vals[0].(string); ok {
					return reflect.ValueOf(fmt.Sprintf(format, vals[1:]...)), nil
				}
			}
			return reflect.Value{}, errUnhandled
		}
	default:
		return fail
	}
	return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
		if final != missing {
			return reflect.Value{}, errUnhandled
		}
		return call(s, dot)
	}
}

// compare orders two values of one basic kind: -1, 0, 1, or 2 for
// "equal or not, but unordered" (booleans). ok is false for kinds the
// executor leaves to text/template.
func compare(a, b reflect.Value) (int, bool) {
	a, b = indirectInterface(a), indirectInterface(b)
	if !a.IsValid() || !b.IsValid() {
		return 0, false
	}
	switch {
	case isInt(a.Kind()) && isInt(b.Kind()):
		x, y := a.Int(), b.Int()
		return cmpOrdered(x, y), true
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return strings.Compare(a.String(), b.String()), true
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool:
		if a.Bool() == b.Bool() {
			return 0, true
		}
		return 2, true
	}
	return 0, false
}

func cmpOrdered(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func isInt(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Int64
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem()
	}
	return v
}

// truth is text/template's notion of true: not the zero value.
func truth(v reflect.Value) (bool, bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}
