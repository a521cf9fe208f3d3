// Starts LISA Admin without any inline script, so the page works under a strict CSP
// (script-src 'self' 'wasm-unsafe-eval'). Trunk writes the hashed file names into the two
// <link> elements read here.
const js = document.getElementById("lisa-js");
const wasm = document.getElementById("lisa-wasm");

function fail(message) {
  const status = document.getElementById("boot-status");
  if (status) {
    status.textContent = message;
    status.setAttribute("role", "alert");
  }
}

if (!js || !wasm) {
  fail("LISA Admin could not start: the page is missing its loader links (was index.html edited?).");
} else {
  import(js.href)
    .then((module) => module.default({ module_or_path: wasm.href }))
    .catch((error) => {
      console.error("LISA Admin failed to start", error);
      fail("LISA Admin could not start: its WebAssembly failed to load. Reload the page; if this persists, the deployment is incomplete.");
    });
}
