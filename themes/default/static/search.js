// Site search in the browser, over the static index generator/search.py writes (its module
// docstring describes the files). A query fetches meta.json, the shards of its terms and the
// fragments of the results it shows, nothing else. No library; loaded as a module, so a
// browser too old to run it keeps the link to the notice list instead.
const form = document.getElementById("search");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
form.hidden = false;
document.getElementById("search-fallback").hidden = true;

const INDEX = form.dataset.index; // the index folder under the site's base path
const BASE = form.dataset.base; // the site's base path: documents' URLs are relative to it
const SHOWN = 30; // results shown at most
const BATCH = 10; // fragments fetched together
const CHECKED = 150; // fragments fetched at most for one query
const AROUND = 40; // characters of context before the first match in an excerpt
const EXCERPT = 140; // characters in an excerpt

// The terms of generator/search.py: runs of CJK characters, and words of letters and digits
// (full-width ones folded to ASCII, lowercased).
const CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}";
const TOKEN = new RegExp(`([${CJK}]+)|([0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)`, "gu");
const utf8 = new TextDecoder();
const shards = new Map(); // shard number -> promise of its entries
let meta, order, latest = 0;

function say(template, count) {
  status.textContent = template.replace("{n}", count);
}

// Letters to lower case and full-width letters and digits to ASCII, one UTF-16 unit for
// one, so a match found in the folded text is at the same place in the text shown.
function fold(text) {
  return text.replace(/[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => {
    let code = c.charCodeAt(0);
    if (code > 0xff) code -= 0xfee0;
    return String.fromCharCode(code >= 0x41 && code <= 0x5a ? code + 32 : code);
  });
}

// tokens: what a result's text must contain; lookups: term prefixes, each giving a set of
// documents to intersect. A run of two or more characters looks up its bigrams; a lone
// character or a word looks up every term that starts with it.
function parse(query) {
  const tokens = [], lookups = new Set();
  for (const [, run, word] of fold(query).matchAll(TOKEN)) {
    const chars = Array.from(run || word);
    tokens.push(run || word);
    if (word || chars.length === 1) lookups.add(chars.join(""));
    else for (let i = 0; i + 1 < chars.length; i++) lookups.add(chars[i] + chars[i + 1]);
  }
  return { tokens, lookups: [...lookups] };
}

async function bytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

function reader(data) {
  let at = 0;
  return {
    more: () => at < data.length,
    varint() {
      let value = 0, scale = 1, byte;
      do { byte = data[at++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
      return value;
    },
    take(length) { at += length; return data.subarray(at - length, at); },
  };
}

// A shard: varint length, UTF-8 term, varint length, postings; for each term.
async function shard(n) {
  if (!shards.has(n)) {
    const version = meta.shards[n];
    shards.set(n, !version ? Promise.resolve([]) : bytes(`${INDEX}s/${n}.bin?v=${version}`).then((data) => {
      const entries = [], read = reader(data);
      while (read.more()) {
        const term = utf8.decode(read.take(read.varint()));
        entries.push([term, read.take(read.varint())]);
      }
      return entries;
    }));
  }
  return shards.get(n);
}

// Postings: ascending ids, the first as it is, then the gaps.
function decodeIds(postings, into) {
  const read = reader(postings);
  let id = 0;
  while (read.more()) into.add(id += read.varint());
}

async function lookup(prefix) {
  const entries = await shard(prefix.codePointAt(0) % meta.shards.length);
  const found = new Set();
  for (const [term, postings] of entries) if (term.startsWith(prefix)) decodeIds(postings, found);
  return found;
}

async function candidates(lookups) {
  const sets = (await Promise.all(lookups.map(lookup))).sort((a, b) => a.size - b.size);
  let found = [...(sets[0] || [])];
  for (const other of sets.slice(1)) found = found.filter((id) => other.has(id));
  return found;
}

async function ranks() {
  if (!order) {
    order = bytes(`${INDEX}order.bin?v=${meta.order}`).then((data) => {
      const rank = new Map();
      for (let i = 0; i + 2 < data.length; i += 3) rank.set((data[i] << 16) | (data[i + 1] << 8) | data[i + 2], i / 3);
      return rank;
    });
  }
  return order;
}

async function documents(id) {
  const response = await fetch(`${INDEX}f/${id.toString(16).padStart(6, "0")}.json?v=${meta.fragments}`);
  return response.ok ? response.json() : [];
}

// Where the tokens stand in ``text`` (folded), as [start, end] pairs, in order, not overlapping.
function matches(folded, tokens) {
  const found = [];
  for (const token of tokens) {
    for (let at = folded.indexOf(token); at >= 0; at = folded.indexOf(token, at + token.length)) found.push([at, at + token.length]);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  for (const range of found) if (!kept.length || range[0] >= kept[kept.length - 1][1]) kept.push(range);
  return kept;
}

// The text around the first match, matches in <mark>: built as nodes, never as HTML.
function excerpt(text, ranges) {
  let start = Math.max(0, ranges[0][0] - AROUND);
  if (/[\udc00-\udfff]/.test(text[start] || "")) start -= 1; // not half a character
  let end = Math.min(text.length, start + EXCERPT);
  if (/[\ud800-\udbff]/.test(text[end - 1] || "")) end += 1;
  const paragraph = document.createElement("p");
  let at = start;
  paragraph.append(start > 0 ? "…" : "");
  for (const [from, to] of ranges) {
    if (from >= end) break;
    if (from < at) continue;
    const mark = document.createElement("mark");
    mark.textContent = text.slice(from, to);
    paragraph.append(text.slice(at, from), mark);
    at = to;
  }
  paragraph.append(text.slice(at, Math.max(at, end)), end < text.length ? "…" : "");
  return paragraph;
}

function show(found) {
  const item = document.createElement("li");
  item.className = "card";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = BASE + found.url.replace(/^\//, "");
  link.textContent = found.title;
  heading.append(link);
  item.append(heading, excerpt(found.text, found.ranges));
  list.append(item);
}

async function run(query) {
  const mine = ++latest; // a newer query makes this one stop
  list.replaceChildren();
  const { tokens, lookups } = parse(query);
  if (!lookups.length) { status.textContent = query.trim() ? form.dataset.empty : ""; return; }
  say(form.dataset.wait, 0);
  let shown = 0;
  try {
    meta = meta || await (await fetch(`${INDEX}meta.json`, { cache: "no-cache" })).json();
    const [found, rank] = await Promise.all([candidates(lookups), ranks()]);
    const ids = found.sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
    for (let i = 0; i < ids.length && i < CHECKED && shown < SHOWN; i += BATCH) {
      const batch = await Promise.all(ids.slice(i, i + BATCH).map(documents));
      if (mine !== latest) return;
      for (const found of batch.flat()) {
        const folded = fold(found.text);
        if (shown < SHOWN && tokens.every((token) => folded.includes(token))) {
          found.ranges = matches(folded, tokens);
          show(found);
          shown += 1;
        }
      }
    }
  } catch (error) { // no index (or the network failed): say nothing was found
    console.warn(error);
  }
  if (mine === latest) say(shown ? form.dataset.count : form.dataset.empty, shown);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(query));
  run(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; run(initial); }
