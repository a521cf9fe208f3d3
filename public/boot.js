// Starts LISA Admin without any inline script, so the page works under a strict CSP
// (script-src 'self' 'wasm-unsafe-eval'). The app is split into bundles by route: the build
// writes one <meta name="lisa-bundle"> per bundle with its hashed file names, and this loads the
// one the current path needs.

// Theme: the admin's choice (the header's toggle, kept in localStorage; not a secret), else the
// system's (prefers-color-scheme, followed live). Set on <html> before the app starts, so the
// page is drawn in its theme from the start; style/main.css holds the colours of both.
const THEME_KEY = "lisa-admin.theme";
const systemDark = window.matchMedia("(prefers-color-scheme: dark)");

function chosenTheme() {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    if (stored === "light" || stored === "dark") return stored;
  } catch (e) {
    // Storage blocked: follow the system.
  }
  return systemDark.matches ? "dark" : "light";
}

function showTheme() {
  document.documentElement.dataset.theme = chosenTheme();
}

showTheme();
systemDark.addEventListener("change", showTheme);
// Another tab's choice applies here too.
window.addEventListener("storage", (event) => {
  if (event.key === THEME_KEY) showTheme();
});
document.addEventListener("click", (event) => {
  if (!(event.target instanceof Element) || !event.target.closest("#theme-toggle")) return;
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  try {
    localStorage.setItem(THEME_KEY, next);
  } catch (e) {
    // Not remembered, still switched.
  }
  document.documentElement.dataset.theme = next;
});

// section rule: the same table and matching as lisa_console::sections (ROUTES, section_of);
// crates/lisa-console/tests/boot_sections.rs runs this block in node against the Rust one.
const SECTION_ROUTES = [
  ["metrics/**", "deployment"],
  ["models/new", "create"],
  ["models/import", "transfer"],
  ["models/export", "deployment"],
  ["models/*/default", "deployment"],
  ["models/*/edit", "edit"],
  ["models/*", "model"],
  ["models/*/try", "try"],
  ["compare", "try"],
];

function sectionOf(path) {
  const segments = path.split("/").filter(Boolean);
  const rule = SECTION_ROUTES.find(([pattern]) => routeMatches(pattern.split("/"), segments));
  return rule ? rule[1] : "catalogue";
}

function routeMatches(pattern, segments) {
  let i = 0;
  for (const part of pattern) {
    if (part === "**") return true;
    if (i >= segments.length || (part !== "*" && part !== segments[i])) return false;
    i += 1;
  }
  return i === segments.length;
}
// end of the section rule

function fail(message) {
  const status = document.getElementById("boot-status");
  if (status) {
    status.textContent = message;
    status.setAttribute("role", "alert");
  }
}

const base = new URL(document.baseURI).pathname.replace(/\/$/, "");
const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
const section = sectionOf(path);
const bundle =
  document.querySelector('meta[name="lisa-bundle"][data-section="' + section + '"]') ||
  document.querySelector('meta[name="lisa-bundle"][data-section="catalogue"]');

if (!bundle) {
  fail("LISA Admin could not start: the page names no app bundle (was index.html edited?).");
} else {
  import(bundle.dataset.js)
    .then((module) => module.default({ module_or_path: bundle.dataset.wasm }))
    .catch((error) => {
      console.error("LISA Admin failed to start", error);
      fail("LISA Admin could not start: its WebAssembly failed to load. Reload the page; if this persists, the deployment is incomplete.");
    });
}

// A link to a page another bundle serves is a plain page load, taken before the router sees the
// click: the router would first show the address in this document, and the hand-over to the
// other bundle would then leave a history entry behind that Back cannot return to. Bubble phase
// on window, registered before the app starts: after the app's own capture-phase handlers (the
// unsaved-changes guard prevents the default and is left alone), before the router's.
window.addEventListener(
  "click",
  (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    const url = new URL(link.href, document.baseURI);
    if (url.origin !== location.origin || !(url.pathname + "/").startsWith(base + "/")) return;
    if (sectionOf(url.pathname.slice(base.length)) === section) return;
    event.preventDefault();
    location.assign(url.href);
  },
  false,
);

// A page restored from the back/forward cache may be one that was just handing over to another
// bundle (showing the app's "Loading…" for the next address): start afresh so the right bundle
// runs. Any other restored page is shown as it was left.
window.addEventListener("pageshow", (event) => {
  if (event.persisted && document.getElementById("loading-section")) location.reload();
});
