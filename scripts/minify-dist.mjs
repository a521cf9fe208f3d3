// Minify what a page loads besides the wasm: every bundle's wasm-bindgen glue and boot.js
// (terser), the stylesheets (csso), and the comments of index.html. Then name every hashed
// asset by the bytes actually shipped. Run by build-dist.sh after Trunk and the other bundles;
// the per-page size budget (`make size`) counts these files.
//
// Why rename: Trunk (and build-dist.sh for the other bundles) name files by a hash of their
// content *before* this step changes it. A new terser or csso (or new options) would then ship
// new bytes under an old name, which edges and browsers keep for a year (deploy.sh uploads
// hashed names as immutable) and whose old SRI value no longer matches: the app would not start.
// So every top-level `<stem>-<hex>[_bg].<ext>` file becomes `<stem>-<16 hex digits of the
// SHA-256 of its final bytes>[_bg].<ext>`, and every reference to it is rewritten: in index.html
// (`href`, `src`, `<meta name="lisa-bundle" data-js/data-wasm>`) and inside the other files (a
// glue file that names its wasm, CSS that names an image). A file that names another is renamed
// after it, so its own hash covers the final name it refers to. Every `integrity` attribute is
// then computed from the final bytes.
//
// The hashed-name rule (1 to 16 lower-case hex digits, as Trunk writes a u64 without padding) is
// the one deploy/deploy.sh (Cache-Control), deploy/cloudfront-function.js and tests/src/site.rs
// (which paths are files) use.
//
// Usage: node scripts/minify-dist.mjs <dist>
// For tests only: MINIFY_DIST_TERSER_OPTIONS and MINIFY_DIST_CSSO_OPTIONS, JSON objects merged
// over the options below (tests/tests/deploy/minify.rs shows that other minifier output gives
// other names).

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify as minifyJs } from "terser";
import { minify as minifyCss } from "csso";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node scripts/minify-dist.mjs <dist>");
  process.exit(2);
}

// <stem>-<hash>[_bg].<ext>: greedy stem, so lisa-admin-create-<hash>.js has the stem lisa-admin-create.
const HASHED = /^([A-Za-z0-9_-]+)-([0-9a-f]{1,16})(_bg)?\.([A-Za-z0-9]+)$/;
const HASH_DIGITS = 16;
const TEXT_EXTENSIONS = new Set(["js", "mjs", "css", "svg", "json", "html", "txt", "map", "webmanifest"]);

function optionsFromEnv(variable) {
  const raw = process.env[variable];
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new Error(`minify-dist: ${variable} is not JSON: ${error.message}`);
  }
}
const terserOptions = {
  // ES modules: top-level names and exports are kept (boot.js imports the glue's).
  module: true,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
  ...optionsFromEnv("MINIFY_DIST_TERSER_OPTIONS"),
};
// No restructuring: rules keep their order and grouping, only whitespace, comments and
// redundant syntax go.
const cssoOptions = { restructure: false, ...optionsFromEnv("MINIFY_DIST_CSSO_OPTIONS") };

const sha256Hex = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, HASH_DIGITS);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A file name as a whole word: not part of a longer name (letters, digits, _ - . around it).
const nameMatcher = (name) => new RegExp(`(?<![A-Za-z0-9_.-])${escapeRegExp(name)}(?![A-Za-z0-9_.-])`, "g");

const indexPath = join(dist, "index.html");
let index = readFileSync(indexPath, "utf8");
let saved = 0;

// 1. Minify, in memory: name -> final bytes before the references are rewritten.
const assets = new Map();
for (const name of readdirSync(dist).sort()) {
  const match = HASHED.exec(name);
  if (!match || !statSync(join(dist, name)).isFile()) continue;
  const [, stem, , bg = "", ext] = match;
  const original = readFileSync(join(dist, name));
  let bytes = original;
  if (ext === "js" || ext === "mjs") {
    const out = await minifyJs(original.toString("utf8"), terserOptions);
    if (typeof out.code !== "string") throw new Error(`minify-dist: terser gave nothing for ${name}`);
    bytes = Buffer.from(out.code, "utf8");
  } else if (ext === "css") {
    bytes = Buffer.from(minifyCss(original.toString("utf8"), cssoOptions).css, "utf8");
  }
  saved += original.length - bytes.length;
  assets.set(name, { stem, bg, ext, bytes, text: TEXT_EXTENSIONS.has(ext) });
}

// 2. Name each file by its final bytes, a file after every file it names.
const renamed = new Map(); // old name -> new name
const rewrite = (text) => {
  for (const [from, to] of renamed) text = text.replace(nameMatcher(from), to);
  return text;
};
const pending = new Set(assets.keys());
while (pending.size > 0) {
  const ready = [...pending].filter((name) => {
    const asset = assets.get(name);
    if (!asset.text) return true;
    const text = asset.bytes.toString("utf8");
    return ![...pending].some((other) => other !== name && nameMatcher(other).test(text));
  });
  if (ready.length === 0) throw new Error(`minify-dist: these files name each other: ${[...pending].join(", ")}`);
  for (const name of ready) {
    const asset = assets.get(name);
    if (asset.text) asset.bytes = Buffer.from(rewrite(asset.bytes.toString("utf8")), "utf8");
    renamed.set(name, `${asset.stem}-${sha256Hex(asset.bytes)}${asset.bg}.${asset.ext}`);
    pending.delete(name);
  }
}
if (new Set(renamed.values()).size !== renamed.size) {
  throw new Error(`minify-dist: two files would get the same name: ${[...renamed.values()].sort().join(", ")}`);
}
for (const [from, to] of renamed) {
  writeFileSync(join(dist, from), assets.get(from).bytes);
  if (from !== to) renameSync(join(dist, from), join(dist, to));
}

// 3. index.html: new names, no comments, every integrity computed from the shipped bytes.
const before = index.length;
index = index.replace(/<!--[\s\S]*?-->/g, "").replace(/\n\s*\n/g, "\n");
saved += before - index.length;
index = rewrite(index);

const base = /<base\s[^>]*href="([^"]*)"/.exec(index)?.[1] ?? "/";
const attribute = (tag, name) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
// The file in dist a URL in index.html names, or null for anything else (another origin, …).
function localFile(url) {
  if (!url.startsWith(base)) return null;
  const rel = url.slice(base.length);
  return rel && !rel.includes("/") && !rel.includes("?") ? rel : null;
}
function integrityOf(value, bytes) {
  const algorithm = /^(sha256|sha384|sha512)-/.exec(value)?.[1];
  if (!algorithm) throw new Error(`minify-dist: unknown integrity "${value}" in index.html`);
  return `${algorithm}-${createHash(algorithm).update(bytes).digest("base64")}`;
}
index = index.replace(/<(?:link|script)\b[^>]*>/g, (tag) => {
  const integrity = attribute(tag, "integrity");
  if (integrity === undefined) return tag;
  const url = attribute(tag, "href") ?? attribute(tag, "src") ?? "";
  const file = localFile(url);
  if (!file) throw new Error(`minify-dist: ${tag} has an integrity attribute but names no file of the build`);
  return tag.replace(`integrity="${integrity}"`, `integrity="${integrityOf(integrity, readFileSync(join(dist, file)))}"`);
});
writeFileSync(indexPath, index);

// 4. Check the result: every file index.html names exists, every integrity matches, every hashed
//    name carries its bytes' hash.
const files = new Set(readdirSync(dist));
for (const [, name, url] of index.matchAll(/\s(href|src|data-js|data-wasm)="([^"]*)"/g)) {
  // The <base href>, and anything on another origin, is no file of the build.
  if ((name === "href" && url === base) || /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) continue;
  const file = localFile(url);
  if (file === null || !files.has(file)) throw new Error(`minify-dist: index.html names ${url}, which the build does not contain`);
}
for (const tag of index.match(/<(?:link|script)\b[^>]*>/g) ?? []) {
  const integrity = attribute(tag, "integrity");
  if (integrity === undefined) continue;
  const file = localFile(attribute(tag, "href") ?? attribute(tag, "src") ?? "");
  if (integrityOf(integrity, readFileSync(join(dist, file))) !== integrity) {
    throw new Error(`minify-dist: integrity of ${file} does not match the file`);
  }
}
for (const name of files) {
  const match = HASHED.exec(name);
  if (match && match[2] !== sha256Hex(readFileSync(join(dist, name)))) {
    throw new Error(`minify-dist: ${name} does not carry the hash of its bytes`);
  }
}
console.log(`minify-dist: ${Math.round(saved / 1024)} KB less before compression; ${renamed.size} files named by their final bytes`);
