/* gongkai site search: reads the index written by generator/search (see
   its package documentation for the format) and renders the /search/ page.
   The same file is loaded by node in the tests, where it only exports the
   tokenizer and the search function. */
(function (G) {
  'use strict';
  var D64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var V = {};
  for (var x = 0; x < 64; x++) V[D64.charCodeAt(x)] = x;
  var WORD = /[\p{L}\p{N}\p{M}]/u;
  var OPEN = '[〔【(〖〘', CLOSE = ']〕】)〗〙';
  var FACETS = ['year', 'category', 'issuer', 'genre'];

  // Han characters and white space: the same lists as tokenize.go.
  var HAN = /[\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]/u;
  var SPACE = /[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/;
  // Lower case of one character: the first code point of toLowerCase, as
  // Go's unicode.ToLower gives one character (İ → i).
  function lower(ch) {
    return String.fromCodePoint(ch.toLowerCase().codePointAt(0));
  }
  function cps(s) { return Array.from(s); }

  // scan tokenizes text: tokens {t: text, p: position, r: piece, k: kind}
  // (kind 0 character or bigram, 1 word, 2 whole number, 3 tail inside a
  // whole number, 4 tail alone), the pieces and the pieces numbers cover.
  function scan(text) {
    var s = String(text).normalize('NFKC'), T = [], P = [], M = [];
    var pos = 0, run = null, ri = -1, prev = '';
    function end() {
      if (run && run.kind === 'W' && run.n >= 3 && run.n <= 32) T.push({ t: run.w, p: run.pos, r: ri, k: 1 });
      run = null;
    }
    for (var ch of s) {
      var k = HAN.test(ch) ? 2 : SPACE.test(ch) ? 1 : WORD.test(ch) ? 3 : 0;
      if (k < 2) {
        end();
        if (!k) P.push({ kind: 'P', c: ch, pos: pos });
        continue;
      }
      var kind = k === 2 ? 'H' : 'W';
      if (!run || run.kind !== kind) {
        end();
        ri = P.length;
        run = { kind: kind, c: ch, pos: pos, n: 0, w: '', digits: true, alnum: true };
        P.push(run);
      }
      if (k === 3) {
        ch = lower(ch);
        if (ch < '0' || ch > '9') {
          run.digits = false;
          if (ch < 'a' || ch > 'z') run.alnum = false;
        }
      }
      if (run.n) T.push({ t: prev + ch, p: pos - 1, r: ri, k: 0 });
      T.push({ t: ch, p: pos, r: ri, k: 0 });
      run.w += ch;
      prev = ch;
      run.n++;
      pos++;
    }
    end();
    numbers(P, T, M);
    return { toks: T, pieces: P, matches: M };
  }

  function numbers(P, T, M) {
    function W(i, dig, lo, hi) {
      var p = P[i];
      return !!p && p.kind === 'W' && p.n >= lo && p.n <= hi && (p.digits || !dig && p.alnum);
    }
    function pu(i, c) { return !!P[i] && P[i].kind === 'P' && P[i].c === c; }
    function docTail(i) {
      if (i + 4 < P.length && P[i].kind === 'P' && OPEN.indexOf(P[i].c) >= 0 && W(i + 1, 1, 4, 4) &&
        P[i + 2].kind === 'P' && CLOSE.indexOf(P[i + 2].c) >= 0 && W(i + 3, 1, 1, 6) &&
        P[i + 4].kind === 'H' && P[i + 4].c === '号') return '[' + P[i + 1].w + ']' + P[i + 3].w + '号';
    }
    function idxTail(i) {
      if (W(i, 1, 4, 4) && pu(i + 1, '-') && W(i + 2, 1, 3, 6)) return P[i].w + '-' + P[i + 2].w;
    }
    function hao(i) { return P[i].n === 1 ? 1 : 0; }
    function add(t, p, k) { T.push({ t: t, p: p, r: -1, k: k }); }
    // cover records the pieces a number took and moves past them.
    function cover(to, next) { M.push([i, to]); i = next; }
    for (var i = 0, j, p, t; i < P.length;) {
      p = P[i];
      if (p.kind === 'H' && (t = docTail(i + 1))) {
        add(cps(p.w).slice(-12).join('') + t, p.pos, 2);
        add(t, P[i + 1].pos, 3);
        cover(i + 5 + hao(i + 5), i + 5);
      } else if (p.kind === 'P' && (t = docTail(i))) {
        add(t, p.pos, 4);
        cover(i + 4 + hao(i + 4), i + 4);
      } else if (p.kind === 'W' && W(i, 0, 1, 16) && (j = i + 1, pu(j, '-') && W(j + 1, 0, 1, 4) && (j += 2), pu(j, '/') && (t = idxTail(j + 1)))) {
        add(p.w + (j > i + 1 ? '-' + P[i + 2].w : '') + '/' + t, p.pos, 2);
        add(t, P[j + 1].pos, 3);
        cover(j + 4, j + 4);
      } else if (p.kind === 'W' && (t = idxTail(i))) {
        add(t, p.pos, 4);
        cover(i + 3, i + 3);
      } else i++;
    }
  }

  function tokenize(text) { return scan(text).toks.map((t) => t.t); }

  // normNum folds an index or document number as the index does for whole
  // numbers: NFKC, lower case, no spaces, brackets as [ ].
  function normNum(s) {
    var out = '';
    for (var ch of String(s).normalize('NFKC')) {
      if (SPACE.test(ch)) continue;
      out += OPEN.indexOf(ch) >= 0 ? '[' : CLOSE.indexOf(ch) >= 0 ? ']' : lower(ch);
    }
    return out;
  }

  function hash(t) {
    var h = 0x811c9dc5;
    for (var ch of t) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  // plan picks the tokens a query looks up: bigrams of Han runs (the
  // character alone for a run of one), whole words, whole numbers instead
  // of their parts; exact are the numbers that put a document first; terms
  // are what is highlighted.
  function plan(q) {
    var r = scan(q), P = r.pieces, cov = {}, req = [], exact = [], terms = [], seen = Object.create(null);
    r.matches.forEach((m) => { for (var i = m[0]; i < m[1]; i++) cov[i] = 1; });
    function want(t) { if (!seen[t]) { seen[t] = 1; req.push(t); } }
    r.toks.forEach(function (t) {
      if (t.r < 0) {
        want(t.t);
        if (t.k !== 3) exact.push(t.t), terms.push(t.t);
        return;
      }
      if (cov[t.r]) return;
      var p = P[t.r], n = cps(t.t).length;
      if (p.kind === 'H' ? (p.n === 1 || n === 2) : p.n <= 2 ? t.t === p.w : p.n <= 32 ? t.k === 1 : n === 2) want(t.t);
    });
    P.forEach(function (p, i) {
      if (p.kind === 'P' || cov[i]) return;
      var a = cps(p.w);
      if (a.length <= 2 || p.kind === 'W' && a.length <= 32) terms.push(p.w);
      else for (var j = 1; j < a.length; j++) terms.push(a[j - 1] + a[j]);
    });
    req = req.slice(0, 24);
    var probe = normNum(q);
    if (!/[0-9]/.test(probe) || seen[probe]) probe = '';
    if (probe) exact.push(probe);
    return { req: req, exact: exact, probe: probe, terms: terms };
  }

  // vlq calls f with each number of a base64url VLQ string.
  function vlq(s, f) {
    for (var i = 0, v = 0, sh = 0, x; i < s.length; i++) {
      x = V[s.charCodeAt(i)];
      v |= (x & 31) << sh;
      if (x & 32) sh += 5;
      else { f(v); v = sh = 0; }
    }
  }

  // decode reads the postings of one token: doc ids, the masks of the
  // sixths of each document the token occurs in (a character each; '' when
  // the postings have none, and the token counts in all six), and flags
  // (1 title, 2 number).
  function decode(v) {
    var parts = v.split('.'), a = parts[0], ids = [], i, d = -1;
    if (a[0] === '*') {
      for (i = 1; i < a.length; i++) for (var b = 0; b < 6; b++) if (V[a.charCodeAt(i)] >> b & 1) ids.push(i * 6 + b - 6);
    } else vlq(a, (g) => { ids.push(d += g + 1); });
    var flags = new Uint8Array(ids.length);
    [2, 3].forEach(function (p) {
      var at = -1;
      vlq(parts[p] || '', (g) => { flags[at += g + 1] |= p - 1; });
    });
    return { ids: ids, masks: parts[1] || '', flags: flags };
  }

  // facets of every document, from the meta file, kept on it.
  function facets(meta) {
    if (meta.F) return meta.F;
    var n = meta.n, F = { year: [], category: [], issuer: [], genre: [] }, id = 0;
    meta.y.forEach((y) => { for (var i = 0; i < y[1]; i++) F.year[id++] = String(y[0]); });
    for (var d = 0; d < n; d++) {
      var k = 0, at = d * meta.b;
      for (var j = 0; j < meta.b; j++, at++) k |= (V[meta.f.charCodeAt(at / 6 | 0)] >> at % 6 & 1) << j;
      var c = meta.k[k];
      F.category[d] = meta.c[c[0]];
      F.issuer[d] = meta.i[c[1]];
      F.genre[d] = meta.g[c[2]];
    }
    return (meta.F = F);
  }

  // lookups are the tokens a plan looks up: those it requires, and the
  // probe for an exact number.
  function lookups(pl) { return pl.req.concat(pl.probe ? [pl.probe] : []); }
  // shardsOf gives the shards, of ns, that hold the tokens, each once.
  function shardsOf(tokens, ns) {
    var out = [];
    tokens.forEach((t) => { var s = hash(t) & (ns - 1); if (out.indexOf(s) < 0) out.push(s); });
    return out;
  }

  // search runs query q with filters f ({year: [...], category: [...], ...})
  // and resolves to {ids, counts, plan}: ids ranked, counts per facet value
  // over the matched documents that the other facets' filters let through.
  // load(kind, id) resolves to a data file's contents: kind "m" (meta),
  // "s" (shard) or "d" (document).
  function search(q, f, load) {
    var pl = plan(q);
    f = f || {};
    return load('m', 0).then(function (meta) {
      var n = meta.n, look = lookups(pl), shards = shardsOf(look, meta.s);
      // The shards are asked for first: the facets are read while they come.
      var wait = Promise.all(shards.map((s) => load('s', s))), F = facets(meta);
      return wait.then(function (data) {
        var K = pl.req.length, got = new Uint32Array(n), tn = new Uint8Array(n), ex = new Uint8Array(n),
          six = new Uint8Array(n * 6), all = new Uint8Array(n), cand = [], i, j, d;
        look.forEach(function (t, ti) {
          var sh = data[shards.indexOf(hash(t) & (meta.s - 1))];
          if (!{}.hasOwnProperty.call(sh, t)) return;
          var v = sh[t];
          var p = decode(v), isEx = pl.exact.indexOf(t) >= 0;
          for (i = 0; i < p.ids.length; i++) {
            d = p.ids[i];
            if (isEx && p.flags[i] & 2) ex[d] = 1;
            if (ti >= K) continue;
            got[d] |= 1 << ti;
            tn[d] += (p.flags[i] & 1) + (p.flags[i] >> 1);
            // A token in all six sixths counts once in all[d] rather than
            // in each of them.
            var mk = p.masks ? V[p.masks.charCodeAt(i)] : 63;
            if (mk === 63) all[d]++;
            else for (j = 0; j < 6; j++) if (mk >> j & 1) six[d * 6 + j]++;
          }
        });
        var need = Math.ceil(K / 2), m = new Uint8Array(n), close = new Uint8Array(n);
        for (d = 0; d < n; d++) {
          if (!got[d] && !ex[d] && K) continue;
          var c = 0, g = got[d];
          for (; g; g &= g - 1) c++;
          if (c < need && !ex[d] || !K && !active(f)) continue;
          m[d] = c;
          for (j = 0; j < 6; j++) close[d] = Math.max(close[d], six[d * 6 + j]);
          close[d] += all[d];
          cand.push(d);
        }
        // bad[d]: bit k set when d fails the filter of facet k. A facet's
        // counts take the documents that pass every other filter.
        var counts = {}, bad = new Uint8Array(n);
        FACETS.forEach(function (name, k) {
          var w = f[name] || [];
          if (w.length) cand.forEach((d) => { if (w.indexOf(F[name][d]) < 0) bad[d] |= 1 << k; });
        });
        FACETS.forEach(function (name, k) {
          var cnt = Object.create(null), col = F[name];
          cand.forEach((d) => { if (!(bad[d] & ~(1 << k))) cnt[col[d]] = (cnt[col[d]] || 0) + 1; });
          (f[name] || []).forEach((v) => { cnt[v] = cnt[v] || 0; });
          counts[name] = Object.keys(cnt).filter((v) => v !== '' && v !== '0').map((v) => [v, cnt[v]])
            .sort((a, b) => name === 'year' ? b[0] - a[0] : b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        });
        var ids = cand.filter((d) => !bad[d]);
        ids.sort(function (a, b) {
          return ex[b] - ex[a] || m[b] - m[a] || tn[b] - tn[a] || close[b] - close[a] || a - b;
        });
        return { ids: ids, counts: counts, plan: pl };
      });
    });
  }
  function active(f) { return FACETS.some((n) => f[n] && f[n].length); }

  // marks returns the ranges [from, to) of text where a term occurs,
  // comparing text folded as the tokenizer folds it.
  function marks(text, terms) {
    var fold = '', at = [], i = 0, out = [];
    for (var ch of text) {
      var f = cps(ch.normalize('NFKC')).map(function (c) {
        return OPEN.indexOf(c) >= 0 ? '[' : CLOSE.indexOf(c) >= 0 ? ']' : lower(c);
      }).join('');
      for (var k = 0; k < f.length; k++) at.push(i);
      fold += f;
      i += ch.length;
    }
    at.push(i);
    terms.forEach(function (t) {
      for (var p = fold.indexOf(t); t && p >= 0; p = fold.indexOf(t, p + 1)) out.push([at[p], at[p + t.length]]);
    });
    out.sort((a, b) => a[0] - b[0]);
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    });
    return merged;
  }

  // file names the index file that holds part id of kind, as the build
  // writes it: a document's file is in a folder per 1,000 documents.
  function file(kind, id) {
    return kind === 'm' ? 'meta.js' : kind === 's' ? 's/' + id.toString(36) + '.js' : 'd/' + Math.floor(id / 1000) + '/' + id + '.js';
  }

  var api = { tokenize: tokenize, plan: plan, hash: hash, search: search, file: file };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  var L = {
    zh: { found: (n) => '找到 ' + n + ' 篇', busy: '正在搜索…', fail: '搜索数据加载失败', more: '更多结果',
      year: '年度', category: '主题分类', issuer: '发布机构', genre: '体裁' },
    en: { found: (n) => 'Found ' + n + (n === 1 ? ' document' : ' documents'), busy: 'Searching…',
      fail: 'Search data failed to load', more: 'More results', year: 'Year', category: 'Category', issuer: 'Issuer', genre: 'Genre' }
  };
  var PAGE = 20;

  function start() {
    var byId = (i) => document.getElementById(i), box = byId('search');
    if (!box) return;
    var form = byId('search-form'), input = byId('q'), status = byId('search-status'), filters = byId('search-filters'),
      list = byId('search-results');
    var base = new URL(box.getAttribute('data-index') || './', location.href), root = new URL('../', base);
    var t = L[(box.getAttribute('data-lang') || document.documentElement.lang || 'zh').slice(0, 2) === 'en' ? 'en' : 'zh'];
    var cache = {}, pending = {}, run = 0, more = null;

    G.gongkaiSearch = (kind, id, data) => { cache[kind + id] = data; };
    function load(kind, id) {
      var key = kind + id;
      if (cache[key]) return Promise.resolve(cache[key]);
      return pending[key] || (pending[key] = new Promise(function (ok, fail) {
        var s = document.createElement('script');
        s.src = new URL(file(kind, id), base).href;
        s.onload = function () { if (cache[key]) ok(cache[key]); else { delete pending[key]; fail(); } };
        s.onerror = () => { delete pending[key]; fail(); };
        document.head.append(s);
      }));
    }

    var st = { q: '', f: {} };
    function read() {
      var u = new URLSearchParams(location.search);
      st.q = u.get('q') || '';
      FACETS.forEach((n) => { st.f[n] = u.getAll(n); });
      if (input) input.value = st.q;
    }
    function write() {
      var u = new URLSearchParams();
      if (st.q) u.set('q', st.q);
      FACETS.forEach(function (n) { st.f[n].forEach((v) => { u.append(n, v); }); });
      var s = u.toString();
      try { history.replaceState(null, '', (s ? '?' + s : location.pathname) + location.hash); } catch (e) { /* file: URLs in some browsers */ }
    }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    }
    function marked(tag, cls, text, terms) {
      var e = el(tag, cls), last = 0;
      marks(text, terms).forEach(function (r) {
        e.append(text.slice(last, r[0]));
        e.append(el('mark', null, text.slice(r[0], r[1])));
        last = r[1];
      });
      e.append(text.slice(last));
      return e;
    }
    function snippet(text, terms) {
      var r = marks(text, terms)[0], from = r ? Math.max(0, r[0] - 30) : 0, a = cps(text.slice(from));
      var s = a.slice(0, 120).join('');
      return (from ? '…' : '') + s + (a.length > 120 && s.slice(-1) !== '…' ? '…' : '');
    }

    // The list is aria-busy from a query until its results are all shown.
    function busy(on) { list.setAttribute('aria-busy', on); }
    function failed(me) {
      if (me !== run) return;
      status.textContent = t.fail;
      busy(false);
    }
    function go() {
      var me = ++run;
      if (more) more.hidden = true;
      if (!st.q && !active(st.f)) {
        status.textContent = '';
        filters.textContent = '';
        list.textContent = '';
        busy(false);
        return;
      }
      status.textContent = t.busy;
      busy(true);
      search(st.q, st.f, load).then(function (res) {
        if (me !== run) return;
        status.textContent = t.found(res.ids.length);
        list.textContent = '';
        page(res, 0, me); // the result files are asked for before the filters are drawn
        drawFilters(res.counts);
      }, () => { failed(me); });
    }
    // page shows 20 results from from, each as soon as it and those
    // before it have come, so that the first shows without waiting for
    // the last.
    function page(res, from, me) {
      var ids = res.ids.slice(from, from + PAGE), got = [], shown = 0;
      busy(true);
      function done() {
        busy(false);
        if (!more) {
          more = el('button', 'search-more', t.more);
          more.type = 'button';
          list.parentNode.insertBefore(more, list.nextSibling);
        }
        more.hidden = from + PAGE >= res.ids.length;
        more.onclick = function () {
          more.hidden = true;
          page(res, from + PAGE, me);
        };
      }
      if (!ids.length) done();
      ids.forEach(function (id, i) {
        load('d', id).then(function (d) {
          if (me !== run) return;
          for (got[i] = d; got[shown]; shown++) {
            d = got[shown];
            var li = el('li'), h = el('h2'), a = marked('a', null, d[1], res.plan.terms);
            a.href = new URL(d[0], root).href;
            h.append(a);
            li.append(h);
            li.append(marked('p', 'search-meta', [d[2], d[3], d[4], d[5]].filter(Boolean).join(' · '), res.plan.terms));
            if (d[8]) li.append(marked('p', 'search-snippet', snippet(d[8], res.plan.terms), res.plan.terms));
            list.append(li);
          }
          if (shown === ids.length) done();
        }, () => { failed(me); });
      });
    }
    function drawFilters(counts) {
      filters.textContent = '';
      FACETS.forEach(function (n) {
        if (!counts[n].length) return;
        var fs = el('fieldset', 'search-facet');
        fs.append(el('legend', null, t[n]));
        counts[n].forEach(function (c) {
          var lab = el('label'), cb = el('input');
          cb.type = 'checkbox';
          cb.name = n;
          cb.value = c[0];
          cb.checked = st.f[n].indexOf(c[0]) >= 0;
          cb.onchange = function () {
            st.f[n] = cb.checked ? st.f[n].concat([c[0]]) : st.f[n].filter((v) => v !== c[0]);
            write();
            go();
          };
          lab.append(cb);
          lab.append(' ' + c[0] + ' (' + c[1] + ')');
          fs.append(lab);
        });
        filters.append(fs);
      });
    }

    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        st.q = input.value.trim();
        write();
        go();
      });
    }
    read();
    // With the number of shards in the page, a query arriving in the
    // address asks for its shards beside meta.js rather than after it.
    // Should meta.js say otherwise (a page older than its index), search
    // asks for the right ones.
    var ns = +box.getAttribute('data-shards');
    if (st.q && ns > 0 && (ns & (ns - 1)) === 0) {
      shardsOf(lookups(plan(st.q)), ns).forEach((s) => { load('s', s).catch(() => {}); });
    }
    go();
    // Without a query yet, meta.js comes while the reader types.
    if (!st.q) load('m', 0).catch(() => {});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof window === 'object' ? window : this);
