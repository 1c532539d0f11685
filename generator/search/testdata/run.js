// Test driver for static/search.js, run by the Go tests (node_test.go).
//
//   node run.js vectors SEARCH_JS VECTORS_JSON
//     checks the tokenizer against the shared vectors; exits 1 on failure.
//   node run.js query SEARCH_JS < {"files": {name: text}, "queries": [...]}
//     runs each query {q, f, want} against the index files and prints, for
//     each, {total, top (urls), rank (of want's url, -1 if absent), counts,
//     req (the tokens looked up), exact (the numbers that put a document
//     first)}. Each file is found by the name
//     search.js's file() gives it.
'use strict';
const fs = require('fs');
const vm = require('vm');
const [mode, script, vectors] = process.argv.slice(2);
const S = require(require('path').resolve(script));

if (mode === 'vectors') {
  const cases = JSON.parse(fs.readFileSync(vectors, 'utf8'));
  let bad = 0;
  for (const c of cases) {
    const got = S.tokenize(c.text);
    if (JSON.stringify(got) !== JSON.stringify(c.tokens)) {
      bad++;
      console.log('MISMATCH ' + JSON.stringify(c.text) + '\n  got  ' + JSON.stringify(got) + '\n  want ' + JSON.stringify(c.tokens));
    }
    if (c.plan) {
      const req = S.plan(c.text).req;
      if (JSON.stringify(req) !== JSON.stringify(c.plan)) {
        bad++;
        console.log('PLAN MISMATCH ' + JSON.stringify(c.text) + '\n  got  ' + JSON.stringify(req) + '\n  want ' + JSON.stringify(c.plan));
      }
    }
  }
  console.log(cases.length + ' vectors, ' + bad + ' failures');
  process.exit(bad ? 1 : 0);
}

if (mode === 'query') {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const data = {};
  const ctx = { gongkaiSearch(kind, id, d) { data[kind + id] = d; } };
  vm.createContext(ctx);
  // A file runs when the search first asks for it, found by the name
  // search.js gives it, as the page's <script> finds it.
  const get = (kind, id) => {
    const name = S.file(kind, id);
    if (!Object.hasOwn(input.files, name)) throw new Error('no file ' + name + ' for ' + kind + id);
    if (!Object.hasOwn(data, kind + id)) vm.runInContext(input.files[name], ctx, { filename: name });
    if (!Object.hasOwn(data, kind + id)) throw new Error(name + ' does not hold ' + kind + id);
    return data[kind + id];
  };
  const load = (kind, id) => new Promise(ok => ok(get(kind, id)));
  const urlOf = id => get('d', id)[0];
  (async () => {
    const out = [];
    for (const q of input.queries) {
      const r = await S.search(q.q, q.f || {}, load);
      const urls = r.ids.map(urlOf);
      out.push({
        total: r.ids.length,
        top: urls.slice(0, q.top || 5),
        rank: q.want ? urls.indexOf(q.want) : -1,
        counts: q.counts ? r.counts : undefined,
        req: r.plan.req,
        exact: r.plan.exact,
      });
    }
    process.stdout.write(JSON.stringify(out));
  })().catch(e => { console.error(e); process.exit(1); });
}
