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

// fastTemplate executes the escaped parse trees of an html/template set
// directly. text/template looks every field and method up by name and
// calls every function, the escapers included, through reflect with
// boxed arguments; here lookups are cached per type, the escapers and the
// common functions are called directly, and text is written to a buffer.
//
// It is an accelerator, not a second engine: anything it does not handle
// exactly as html/template does (a construct, a function, a kind of
// value, any error) makes execute fail, and the page is then rendered by
// html/template, which also gives the authoritative error. The tests
// render whole sites both ways and require the same bytes.
type fastTemplate struct {
	root    *parse.Tree
	trees   map[string]*parse.Tree
	funcs   map[string]reflect.Value
	names   map[*string]*nameCache              // by the address of each name in a field chain of the parse trees
	strs    map[*parse.StringNode]reflect.Value // the string constants, boxed once
	outputs map[*parse.PipeNode][]escaper       // the escapers that end each printing action
	members sync.Map                            // memberKey → member: names not in names (none, normally)
}

// nameCache holds what one name resolved to on each receiver type seen
// so far: a handful of types at most, compared by identity, so a lookup
// neither hashes nor locks.
type nameCache struct {
	mu      sync.Mutex
	entries atomic.Pointer[[]typedMember]
}

type typedMember struct {
	t reflect.Type
	m *member
}

// fastTemplates prepares a fast executor for each page kind. html/template
// escapes a set when it first executes it, so each set is executed once
// with an empty page of its kind: an escaping error (*template.Error)
// leaves the kind to html/template, which will report it; an execution
// error comes from the empty page and means nothing. A kind whose layouts use what the executor does not handle
// has no entry and renders through html/template alone.
func fastTemplates(templates map[string]*template.Template, funcs template.FuncMap, empty func(kind string) any) map[string]*fastTemplate {
	out := map[string]*fastTemplate{}
	for kind, set := range templates {
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
	f := &fastTemplate{trees: map[string]*parse.Tree{}, funcs: map[string]reflect.Value{}}
	for name, fn := range funcs {
		f.funcs[name] = reflect.ValueOf(fn)
	}
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			f.trees[t.Name()] = t.Tree
		}
	}
	f.root = f.trees[root]
	if f.root == nil || !f.supported(f.root.Root, map[string]bool{root: true}) {
		return nil
	}
	f.names, f.strs = map[*string]*nameCache{}, map[*parse.StringNode]reflect.Value{}
	f.outputs = map[*parse.PipeNode][]escaper{}
	for _, t := range f.trees {
		f.collectNames(t.Root)
	}
	return f
}

// collectNames gives every name a field chain under n uses its cache.
func (f *fastTemplate) collectNames(n parse.Node) {
	add := func(idents []string) {
		for i := range idents {
			f.names[&idents[i]] = &nameCache{}
		}
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				f.collectNames(c)
			}
		}
	case *parse.ActionNode:
		f.collectNames(n.Pipe)
		if len(n.Pipe.Decl) == 0 {
			var escs []escaper
			for k := len(n.Pipe.Cmds); k > 1; k-- {
				id, ok := n.Pipe.Cmds[k-1].Args[0].(*parse.IdentifierNode)
				if !ok || len(n.Pipe.Cmds[k-1].Args) != 1 || escapers[id.Ident] == nil {
					break
				}
				escs = append([]escaper{escapers[id.Ident]}, escs...)
			}
			f.outputs[n.Pipe] = escs
		}
	case *parse.IfNode:
		f.collectNames(n.Pipe)
		f.collectNames(n.List)
		f.collectNames(n.ElseList)
	case *parse.WithNode:
		f.collectNames(n.Pipe)
		f.collectNames(n.List)
		f.collectNames(n.ElseList)
	case *parse.RangeNode:
		f.collectNames(n.Pipe)
		f.collectNames(n.List)
		f.collectNames(n.ElseList)
	case *parse.TemplateNode:
		f.collectNames(n.Pipe)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				for _, a := range c.Args {
					f.collectNames(a)
				}
			}
		}
	case *parse.ChainNode:
		f.collectNames(n.Node)
		add(n.Field)
	case *parse.FieldNode:
		add(n.Ident)
	case *parse.VariableNode:
		add(n.Ident[1:])
	case *parse.StringNode:
		f.strs[n] = reflect.ValueOf(n.Text)
	}
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

// execute renders the root template with data into w. On an error, w
// holds a partial page and must be discarded.
func (f *fastTemplate) execute(w *bytes.Buffer, data any) error {
	v := reflect.ValueOf(data)
	s := &fastState{f: f, w: w, vars: make([]variable, 1, 16), stack: make([]reflect.Value, 0, 32)}
	s.vars[0] = variable{"$", v}
	return s.walk(v, f.root.Root)
}

func (s *fastState) walk(dot reflect.Value, n parse.Node) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := s.walk(dot, c); err != nil {
				return err
			}
		}
	case *parse.TextNode:
		s.w.Write(n.Text)
	case *parse.CommentNode:
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			return s.output(dot, n.Pipe)
		}
		if _, err := s.pipe(dot, n.Pipe); err != nil {
			return err
		}
	case *parse.IfNode:
		return s.ifOrWith(dot, n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return s.ifOrWith(dot, n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return s.rangeNode(dot, n)
	case *parse.TemplateNode:
		var v reflect.Value
		if n.Pipe != nil {
			var err error
			if v, err = s.pipe(dot, n.Pipe); err != nil {
				return err
			}
		}
		inner := &fastState{f: s.f, w: s.w, vars: make([]variable, 1, 16), stack: s.stack[len(s.stack):]}
		inner.vars[0] = variable{"$", v}
		return inner.walk(v, s.f.trees[n.Name].Root)
	case *parse.BreakNode:
		return errBreak
	case *parse.ContinueNode:
		return errContinue
	default:
		return errUnhandled
	}
	return nil
}

func (s *fastState) ifOrWith(dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) error {
	mark := len(s.vars)
	defer func() { s.vars = s.vars[:mark] }()
	v, err := s.pipe(dot, pipe)
	if err != nil {
		return err
	}
	t, ok := truth(v)
	if !ok {
		return errUnhandled
	}
	if t {
		if with {
			return s.walk(v, list)
		}
		return s.walk(dot, list)
	}
	if elseList != nil {
		return s.walk(dot, elseList)
	}
	return nil
}

func (s *fastState) rangeNode(dot reflect.Value, n *parse.RangeNode) error {
	mark := len(s.vars)
	defer func() { s.vars = s.vars[:mark] }()
	v, err := s.pipe(dot, n.Pipe)
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
		if n.ElseList != nil {
			return s.walk(dot, n.ElseList)
		}
		return nil
	}
	for i := 0; i < v.Len(); i++ {
		elem := v.Index(i)
		if len(n.Pipe.Decl) > 0 {
			if n.Pipe.IsAssign {
				return errUnhandled
			}
			if len(n.Pipe.Decl) == 1 {
				s.vars[mark] = variable{n.Pipe.Decl[0].Ident[0], elem}
			} else {
				s.vars[mark] = variable{n.Pipe.Decl[0].Ident[0], reflect.ValueOf(i)}
				s.vars[mark+1] = variable{n.Pipe.Decl[1].Ident[0], elem}
			}
		}
		inner := len(s.vars)
		err := s.walk(elem, n.List)
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

// output evaluates an action that prints, which always ends in one or
// more escapers (see supported): they are applied to text, and the text
// written, without boxing each intermediate string in a reflect.Value.
func (s *fastState) output(dot reflect.Value, p *parse.PipeNode) error {
	escs, ok := s.f.outputs[p]
	if !ok {
		return errUnhandled
	}
	k := len(p.Cmds) - len(escs)
	v := missing
	for _, c := range p.Cmds[:k] {
		var err error
		if v, err = s.command(dot, c, v); err != nil {
			return err
		}
	}
	if k == len(p.Cmds) {
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

// pipe evaluates a pipeline, declaring or assigning its variables.
func (s *fastState) pipe(dot reflect.Value, p *parse.PipeNode) (reflect.Value, error) {
	var v reflect.Value
	final := missing
	for _, c := range p.Cmds {
		var err error
		if v, err = s.command(dot, c, final); err != nil {
			return reflect.Value{}, err
		}
		final = v
	}
	for _, d := range p.Decl {
		name := d.Ident[0]
		if p.IsAssign {
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

// missing marks "no value piped in", as text/template's missingVal does.
var missing = reflect.ValueOf(struct{ missing bool }{true})

func (s *fastState) command(dot reflect.Value, c *parse.CommandNode, final reflect.Value) (reflect.Value, error) {
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		return s.fieldChain(dot, dot, n.Ident, c.Args, final)
	case *parse.ChainNode:
		pipe, _ := n.Node.(*parse.PipeNode)
		v, err := s.pipe(dot, pipe)
		if err != nil {
			return reflect.Value{}, err
		}
		return s.fieldChain(dot, v, n.Field, c.Args, final)
	case *parse.VariableNode:
		v, err := s.variable(n.Ident[0])
		if err != nil {
			return reflect.Value{}, err
		}
		if len(n.Ident) == 1 {
			if len(c.Args) > 1 || final != missing {
				return reflect.Value{}, errUnhandled
			}
			return v, nil
		}
		return s.fieldChain(dot, v, n.Ident[1:], c.Args, final)
	case *parse.IdentifierNode:
		return s.function(dot, n.Ident, c.Args[1:], final)
	case *parse.PipeNode:
		if len(c.Args) > 1 || final != missing {
			return reflect.Value{}, errUnhandled
		}
		mark := len(s.vars)
		v, err := s.pipe(dot, n)
		s.vars = s.vars[:mark]
		return v, err
	}
	if len(c.Args) > 1 || final != missing {
		return reflect.Value{}, errUnhandled
	}
	return s.constant(dot, c.Args[0])
}

func (s *fastState) variable(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errUnhandled
}

// constant evaluates a literal or dot used as a whole command or as an
// argument that goes into an interface.
func (s *fastState) constant(dot reflect.Value, n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot, nil
	case *parse.StringNode:
		if v, ok := s.f.strs[n]; ok {
			return v, nil
		}
		return reflect.ValueOf(n.Text), nil
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.NumberNode:
		if n.IsInt && !strings.ContainsAny(n.Text, ".eEpP") && !strings.HasPrefix(n.Text, "'") {
			return reflect.ValueOf(int(n.Int64)), nil
		}
	}
	return reflect.Value{}, errUnhandled
}

// arg evaluates an argument of a function or method.
func (s *fastState) arg(dot reflect.Value, n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.FieldNode:
		return s.fieldChain(dot, dot, n.Ident, nil, missing)
	case *parse.VariableNode:
		v, err := s.variable(n.Ident[0])
		if err != nil || len(n.Ident) == 1 {
			return v, err
		}
		return s.fieldChain(dot, v, n.Ident[1:], nil, missing)
	case *parse.PipeNode:
		mark := len(s.vars)
		v, err := s.pipe(dot, n)
		s.vars = s.vars[:mark]
		return v, err
	case *parse.ChainNode:
		pipe, _ := n.Node.(*parse.PipeNode)
		v, err := s.pipe(dot, pipe)
		if err != nil {
			return reflect.Value{}, err
		}
		return s.fieldChain(dot, v, n.Field, nil, missing)
	}
	return s.constant(dot, n)
}

// fieldChain evaluates .A.B.C starting at receiver; the last name gets
// the command's arguments when it is a method.
func (s *fastState) fieldChain(dot, receiver reflect.Value, idents []string, args []parse.Node, final reflect.Value) (reflect.Value, error) {
	n := len(idents)
	for i := 0; i < n-1; i++ {
		var err error
		if receiver, err = s.field(dot, receiver, &idents[i], nil, missing); err != nil {
			return reflect.Value{}, err
		}
	}
	var rest []parse.Node
	if len(args) > 1 {
		rest = args[1:]
	}
	return s.field(dot, receiver, &idents[n-1], rest, final)
}

// member is a cached lookup of a name on a receiver type: a method of
// the type, or else a field of the struct it points to.
type member struct {
	method int           // index in the method set, or -1
	fn     reflect.Value // the method, taking its receiver first
	direct directCall    // calls fn without reflect, for the common signatures
	field  []int         // index path of an exported struct field, or nil
}

type memberKey struct {
	t    reflect.Type
	name string
}

// lookup finds name on receivers of type t (after taking the address of
// an addressable value, as text/template does), once per type and name.
func (f *fastTemplate) lookup(t reflect.Type, name *string) *member {
	nc := f.names[name]
	if nc == nil {
		key := memberKey{t, *name}
		if m, ok := f.members.Load(key); ok {
			return m.(*member)
		}
		m := findMember(t, *name)
		f.members.Store(key, m)
		return m
	}
	if entries := nc.entries.Load(); entries != nil {
		for _, e := range *entries {
			if e.t == t {
				return e.m
			}
		}
	}
	nc.mu.Lock()
	defer nc.mu.Unlock()
	var entries []typedMember
	if old := nc.entries.Load(); old != nil {
		for _, e := range *old {
			if e.t == t {
				return e.m
			}
		}
		entries = append(entries, *old...)
	}
	m := findMember(t, *name)
	entries = append(entries, typedMember{t, m})
	nc.entries.Store(&entries)
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

func (s *fastState) field(dot, receiver reflect.Value, name *string, args []parse.Node, final reflect.Value) (reflect.Value, error) {
	if !receiver.IsValid() || receiver.Kind() == reflect.Interface {
		return reflect.Value{}, errUnhandled
	}
	ptr := receiver
	if ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	m := s.f.lookup(ptr.Type(), name)
	if m.method >= 0 {
		return s.callMethod(dot, ptr, m, args, final)
	}
	if m.field == nil || len(args) > 0 || final != missing {
		return reflect.Value{}, errUnhandled
	}
	receiver, isNil := indirect(receiver)
	if isNil || receiver.Kind() != reflect.Struct {
		return reflect.Value{}, errUnhandled
	}
	return receiver.FieldByIndex(m.field), nil
}

func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// call calls a function value with the command's arguments and the
// piped value last.
func (s *fastState) call(dot, fn reflect.Value, args []parse.Node, final reflect.Value) (reflect.Value, error) {
	return s.invoke(dot, fn, reflect.Value{}, nil, args, final)
}

// callMethod calls the method m of recv: m.fn takes recv as its first
// argument, which spares reflect making a bound method value per call.
func (s *fastState) callMethod(dot, recv reflect.Value, m *member, args []parse.Node, final reflect.Value) (reflect.Value, error) {
	return s.invoke(dot, m.fn, recv, m.direct, args, final)
}

// invoke evaluates the arguments and calls fn, with recv first when it is
// valid. The common signatures are called directly.
func (s *fastState) invoke(dot, fn, recv reflect.Value, direct directCall, args []parse.Node, final reflect.Value) (reflect.Value, error) {
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
			if v, err = s.arg(dot, args[i]); err != nil {
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
	if first == 0 && fn.CanInterface() {
		switch f := fn.Interface().(type) {
		case func(string) string:
			return reflect.ValueOf(f(argv[0].String())), nil
		case func(string) (string, error):
			r, err := f(argv[0].String())
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(r), nil
		case func() string:
			return reflect.ValueOf(f()), nil
		case func() bool:
			return reflect.ValueOf(f()), nil
		case func(int, int) int:
			return reflect.ValueOf(f(int(argv[0].Int()), int(argv[1].Int()))), nil
		}
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
// whose signatures layouts use on every page, or nil.
func directMethod(fn any) directCall {
	switch f := fn.(type) {
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
	case func(*pageData) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData))), nil
		}
	case func(*pageData) bool:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData))), nil
		}
	case func(*pageData, int) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData), int(a[1].Int()))), nil
		}
	case func(*pageData, []int) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData), a[1].Interface().([]int))), nil
		}
	case func(*pageData, []*Document) listView:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData), a[1].Interface().([]*Document))), nil
		}
	case func(*pageData, Date) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*pageData), a[1].Interface().(Date))), nil
		}
	case func(*Date) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*Date))), nil
		}
	case func(*Date) bool:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*Date))), nil
		}
	case func(*Document) bool:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*Document))), nil
		}
	case func(*Document) int:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*Document))), nil
		}
	case func(*Attachment) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*Attachment))), nil
		}
	}
	return nil
}

func (s *fastState) function(dot reflect.Value, name string, args []parse.Node, final reflect.Value) (reflect.Value, error) {
	if esc := escapers[name]; esc != nil {
		if len(args) != 0 || final == missing {
			return reflect.Value{}, errUnhandled
		}
		out, err := escapeValue(esc, final)
		return reflect.ValueOf(out), err
	}
	if fn := s.f.funcs[name]; fn.IsValid() {
		return s.call(dot, fn, args, final)
	}
	if final != missing {
		return reflect.Value{}, errUnhandled
	}
	switch name {
	case "and", "or":
		var v reflect.Value
		for _, a := range args {
			var err error
			if v, err = s.arg(dot, a); err != nil {
				return reflect.Value{}, err
			}
			t, ok := truth(v)
			if !ok {
				return reflect.Value{}, errUnhandled
			}
			if t == (name == "or") {
				return v, nil
			}
		}
		if v.IsValid() {
			return v, nil
		}
	case "not":
		if len(args) == 1 {
			v, err := s.arg(dot, args[0])
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
		if len(args) == 1 {
			v, err := s.arg(dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			v, _ = indirect(v)
			switch v.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
		}
	case "eq", "ne", "lt", "le", "gt", "ge":
		if len(args) == 2 {
			a, err := s.arg(dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			b, err := s.arg(dot, args[1])
			if err != nil {
				return reflect.Value{}, err
			}
			c, ok := compare(a, b)
			if ok {
				switch name {
				case "eq":
					return reflect.ValueOf(c == 0), nil
				case "ne":
					return reflect.ValueOf(c != 0), nil
				}
				if c != 2 {
					switch name {
					case "lt":
						return reflect.ValueOf(c < 0), nil
					case "le":
						return reflect.ValueOf(c <= 0), nil
					case "gt":
						return reflect.ValueOf(c > 0), nil
					case "ge":
						return reflect.ValueOf(c >= 0), nil
					}
				}
			}
		}
	case "printf", "print":
		vals := make([]any, len(args))
		for i, a := range args {
			v, err := s.arg(dot, a)
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
	}
	return reflect.Value{}, errUnhandled
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
