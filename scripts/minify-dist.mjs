// Minify what a page loads besides the wasm: every bundle's wasm-bindgen glue and boot.js
// (terser), the stylesheets (csso), and the comments of index.html. Run by build-dist.sh after
// Trunk and the other bundles; the per-page size budget (`make size`) counts these files.
//
// Trunk has already named the files by a hash of their content and written `integrity`
// (SRI) attributes into index.html. The names stay (they still change whenever the sources
// do); each changed file's `integrity` is computed again, or the browser would refuse it.
//
// Usage: node scripts/minify-dist.mjs <dist>

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify as minifyJs } from "terser";
import { minify as minifyCss } from "csso";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node scripts/minify-dist.mjs <dist>");
  process.exit(2);
}

const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const indexPath = join(dist, "index.html");
let index = readFileSync(indexPath, "utf8");
let saved = 0;

function replaceFile(name, text) {
  const path = join(dist, name);
  const before = readFileSync(path);
  const after = Buffer.from(text, "utf8");
  writeFileSync(path, after);
  saved += before.length - after.length;
  // Only files index.html links carry an integrity attribute (the bundles are imported by
  // boot.js without one).
  const oldSri = sri(before);
  if (index.includes(oldSri)) {
    index = index.split(oldSri).join(sri(after));
  }
}

for (const name of readdirSync(dist).sort()) {
  const text = () => readFileSync(join(dist, name), "utf8");
  if (name.endsWith(".js")) {
    // ES modules: top-level names and exports are kept (boot.js imports the glue's).
    const out = await minifyJs(text(), { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    if (typeof out.code !== "string") throw new Error(`terser gave nothing for ${name}`);
    replaceFile(name, out.code);
  } else if (name.endsWith(".css")) {
    // No restructuring: rules keep their order and grouping, only whitespace, comments and
    // redundant syntax go.
    replaceFile(name, minifyCss(text(), { restructure: false }).css);
  }
}

const before = index.length;
index = index.replace(/<!--[\s\S]*?-->/g, "").replace(/\n\s*\n/g, "\n");
saved += before - index.length;
writeFileSync(indexPath, index);

// Every integrity attribute must still match its file.
for (const [, href, integrity] of index.matchAll(/href="[^"]*\/([^"/]+)"\s+integrity="([^"]+)"/g)) {
  if (sri(readFileSync(join(dist, href))) !== integrity) {
    throw new Error(`minify-dist: integrity of ${href} does not match the file`);
  }
}
console.log(`minify-dist: ${Math.round(saved / 1024)} KB less before compression`);
