"use strict";
// Runs the bundle, mediacapture.js, and exports its module loader, `load`, and `codeCache`, which says whether
// V8's code cache made by `npm run build` (mediacapture.js.cache) was used. With the cache, V8 neither parses the
// bundle nor compiles the functions the build ran (importing the package, a getUserMedia): it reads their bytecode.
// The cache is used only where it fits: the V8 it was made with and its flags, the bundle it was made from and
// undamaged data (their SHA-256s), the process's own realm (in a test runner's vm context, as Jest's, the
// bundle must go through that runner's loader), and no --enable-source-maps (Node maps the stacks of required
// files only). Elsewhere the bundle is required as it is.
const fs = require("node:fs");
const path = require("node:path");
const bundle = path.join(__dirname, "mediacapture.js");
const cacheFile = `${bundle}.cache`;

function sourceMapsEnabled() {
  if (process.sourceMapsEnabled !== undefined) {
    return process.sourceMapsEnabled;
  }
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--enable-source-maps");
}

function withCodeCache() {
  const vm = require("node:vm");
  if (sourceMapsEnabled()) {
    return { codeCache: "not used: source maps are enabled" };
  }
  if (vm.runInThisContext("globalThis") !== globalThis) {
    return { codeCache: "not used: another realm" };
  }
  const cache = readIfThere(cacheFile);
  if (cache === undefined) {
    return { codeCache: "not used: no cache file" };
  }
  const headerEnd = cache.indexOf(10);
  const [bundleDigest, dataDigest, v8Version] = cache.subarray(0, Math.max(0, headerEnd)).toString("latin1").split(" ");
  if (v8Version !== process.versions.v8) {
    return { codeCache: `not used: made by V8 ${v8Version}, this is ${process.versions.v8}` };
  }
  // V8 checks a cache's data only in its debug builds: damaged data must not reach it.
  const { createHash } = require("node:crypto");
  const data = cache.subarray(headerEnd + 1);
  if (createHash("sha256").update(data).digest("hex") !== dataDigest) {
    return { codeCache: "not used: the cache file is damaged" };
  }
  const bytes = readIfThere(bundle);
  if (bytes === undefined) {
    // A bundler that copied this file and the cache, and inlined the bundle's require below.
    return { codeCache: "not used: no bundle file beside it" };
  }
  if (createHash("sha256").update(bytes).digest("hex") !== bundleDigest) {
    return { codeCache: "not used: the bundle is not the one it was made from" };
  }
  // V8 refuses a cache made under other V8 flags (--max-old-space-size is one): it then compiles as usual.
  const script = new vm.Script(wrap(bytes.toString("latin1")), { filename: bundle, cachedData: data });
  return { script, codeCache: script.cachedDataRejected ? "rejected by V8" : "used" };
}

function readIfThere(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The bundle as a function of a CommonJS module's variables, as Node wraps a module (its lines stay where they are). */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

const { script, codeCache } = withCodeCache();
let load;
if (script === undefined) {
  load = require("./mediacapture.js");
} else {
  const bundleModule = { exports: {} };
  script.runInThisContext().call(bundleModule.exports, bundleModule.exports, require, bundleModule, bundle, __dirname);
  load = bundleModule.exports;
}
module.exports = { load, codeCache, wrap };
