// Site search in the browser: Pagefind's index files are fetched only as a query needs them.
// Loaded as a module: a browser too old to run it keeps the link to the notice list instead.
const form = document.getElementById("search");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
form.hidden = false;
document.getElementById("search-fallback").hidden = true;
let pagefind;

function say(template, count) {
  status.textContent = template.replace("{n}", count);
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  say(form.dataset.wait, 0);
  try {
    pagefind = pagefind || await import(form.dataset.bundle);
  } catch (error) {  // a site with nothing to search has no index
    say(form.dataset.empty, 0);
    return;
  }
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  for (const result of results) {
    const item = document.createElement("li");
    item.className = "card";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.meta.title;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = result.excerpt;  // Pagefind escapes the text and adds only <mark>
    item.append(heading, excerpt);
    list.append(item);
  }
  say(results.length ? form.dataset.count : form.dataset.empty, results.length);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(query));
  run(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; run(initial); }
