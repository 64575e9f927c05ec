#!/usr/bin/env node
/**
 * The package's runtime build, dist/cjs: CommonJS modules, and for each entry point an ES module that re-exports
 * its CommonJS module by name. `import` and `require()` thus load the same modules, one instance of the package (no
 * dual-package hazard), and Jest in its default mode, which cannot require() ES modules before Node 24.9, works. On
 * Node 20 the CommonJS build also loads in about two thirds of the time the ES modules take. `npm run build` runs
 * this after tsc; the command (dist/cli) keeps tsc's ES modules in dist/.
 *
 * Each file of src/ (but the command, src/cli) is transpiled on its own with TypeScript's transpileModule to a
 * CommonJS module (tsconfig.base.json sets isolatedModules, so every compile checks that a file can be
 * transpiled alone: no type re-exported without `type`). `import.meta.url`, which CommonJS lacks, becomes the
 * file's own URL, from a constant at the top of the module. dist/cjs/package.json marks the directory as
 * CommonJS, and the declarations tsc wrote to dist/ are copied beside the files, so TypeScript reads them as
 * those of CommonJS modules. The ES-module entry points are the `import` targets of package.json's exports.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const distDir = path.join(root, 'dist');
const outDir = path.join(distDir, 'cjs');
/** Only the package's modules: the command runs as an ES module from dist/cli. */
const skipped = new Set(['cli']);
/** What stands for `import.meta.url`: a module-scope constant, as a function's own `require` may shadow the global. */
const FILE_URL = '__mediacaptureFileUrl';
const FILE_URL_DECLARATION = `const ${FILE_URL} = require("node:url").pathToFileURL(__filename).href;`;

fs.rmSync(outDir, { recursive: true, force: true });
let files = 0;
for (const relative of sourceFiles(srcDir, '')) {
  const source = fs.readFileSync(path.join(srcDir, relative), 'utf8');
  const output = path.join(outDir, relative.replace(/\.ts$/, '.js'));
  const result = ts.transpileModule(source, {
    fileName: relative,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      removeComments: true,
      sourceMap: true,
    },
  });
  if (result.diagnostics !== undefined && result.diagnostics.length > 0) {
    const text = ts.formatDiagnostics(result.diagnostics, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => srcDir,
      getNewLine: () => '\n',
    });
    throw new Error(`build-cjs: ${relative}:\n${text}`);
  }
  let code = result.outputText;
  if (code.includes('import.meta.url')) {
    code = code.replaceAll('import.meta.url', FILE_URL).replace('"use strict";\n', `"use strict";\n${FILE_URL_DECLARATION}\n`);
    if (!code.includes(FILE_URL_DECLARATION)) {
      throw new Error(`build-cjs: ${relative} has no "use strict" line to declare ${FILE_URL} after`);
    }
  }
  if (/\bimport\.meta\b/.test(code)) {
    throw new Error(`build-cjs: ${relative} uses import.meta beyond import.meta.url`);
  }
  const map = JSON.parse(result.sourceMapText);
  map.file = path.basename(output);
  map.sources = [path.relative(path.dirname(output), path.join(srcDir, relative)).split(path.sep).join('/')];
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, code);
  fs.writeFileSync(`${output}.map`, JSON.stringify(map));
  const declaration = path.join(distDir, relative.replace(/\.ts$/, '.d.ts'));
  if (fs.existsSync(declaration)) {
    fs.copyFileSync(declaration, output.replace(/\.js$/, '.d.ts'));
  }
  files++;
}
fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

// The entry points for `import`: each re-exports, by name, what its CommonJS module exports.
const require = createRequire(import.meta.url);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let entries = 0;
for (const [subpath, target] of Object.entries(manifest.exports)) {
  if (typeof target === 'string') {
    continue;
  }
  const commonjs = path.join(root, target.require.default);
  const wrapper = path.join(root, target.import.default);
  if (path.dirname(wrapper) !== path.dirname(commonjs) || !wrapper.endsWith('.mjs') || !commonjs.startsWith(`${outDir}${path.sep}`)) {
    throw new Error(`build-cjs: exports["${subpath}"] must import an .mjs beside the .js it requires in dist/cjs`);
  }
  const names = Object.keys(require(commonjs)).filter((name) => name !== '__esModule');
  const from = `./${path.basename(commonjs)}`;
  const code = names.length === 0 ? `import '${from}';\n` : `export {\n${names.map((name) => `  ${name},\n`).join('')}} from '${from}';\n`;
  fs.writeFileSync(wrapper, code);
  entries++;
}
process.stderr.write(`build-cjs: ${files} modules and ${entries} ES-module entry points in ${path.relative(root, outDir)}\n`);

/** The .ts files under `dir` (paths relative to srcDir), without declarations and skipped directories. */
function* sourceFiles(dir, relative) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const entryRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!(relative === '' && skipped.has(entry.name))) {
        yield* sourceFiles(path.join(dir, entry.name), entryRelative);
      }
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      yield entryRelative;
    }
  }
}
