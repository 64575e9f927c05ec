#!/usr/bin/env node
/**
 * The package's runtime build, dist/cjs: one CommonJS bundle of the modules of src/ with its source map, and for
 * each entry point of package.json's exports a CommonJS module that loads it from the bundle and an ES module that
 * re-exports what that gives. `import` and `require()` thus load the same modules, one instance of the package (no
 * dual-package hazard), and Jest in its default mode, which cannot require() ES modules before Node 24.9, works.
 * `npm run build` runs this after tsc has written the declarations, and before it builds the command (dist/cli),
 * which loads the package by name.
 *
 * Each file of src/ (but the command, src/cli) is transpiled on its own with TypeScript's transpileModule to a
 * CommonJS module (tsconfig.base.json sets isolatedModules, so every compile checks that a file can be
 * transpiled alone: no type re-exported without `type`), and `import.meta.url`, which CommonJS lacks, becomes
 * the bundle's URL (the modules use it only to resolve optional packages). The bundle holds each module as a
 * function, run on its first require as Node runs a module file. One file instead of one per module makes it
 * load faster: Node's loader spends most of a many-file import resolving paths, reading files and looking for
 * package.json files, and the garbage it leaves fills V8's young generation (docs/architecture.md, "The builds").
 * The source map joins the maps of the modules, so `--enable-source-maps` and tools that read maps lead into
 * src/. The declarations tsc wrote to dist/ are copied into dist/cjs, so TypeScript reads them as those of
 * CommonJS modules, and dist/cjs/package.json marks the directory as CommonJS.
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
/** What stands for `import.meta.url`: a constant at the top of the bundle (a module's own `require` may shadow the global). */
const FILE_URL = '__mediacaptureFileUrl';
const bundleFile = path.join(outDir, 'mediacapture.js');
/**
 * What the entry points require: it runs the bundle, with V8's code cache when it can (scripts/build-code-cache.mjs).
 * Its source is scripts/bundle-loader.cjs, copied as it is.
 */
const loaderFile = path.join(outDir, 'load.js');
/** A line of the bundle that comes from no source: one segment with a column and nothing else. */
const UNMAPPED = [[0]];
/** The digits of a source map's base64 VLQs. */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

fs.rmSync(outDir, { recursive: true, force: true });
const modules = [];
for (const relative of sourceFiles(srcDir, '')) {
  const source = fs.readFileSync(path.join(srcDir, relative), 'utf8');
  const id = relative.replace(/\.ts$/, '.js');
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
  // Same line count: the source map's lines stay those of the code.
  const code = result.outputText.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n').replaceAll('import.meta.url', FILE_URL);
  if (/\bimport\.meta\b/.test(code)) {
    throw new Error(`build-cjs: ${relative} uses import.meta beyond import.meta.url`);
  }
  // load.js runs the bundle as a vm.Script, where Node 20 has no loader for import(): TypeScript turns import() into
  // require() for CommonJS, so one left over is a mistake.
  if (/\bimport\s*\(/.test(code)) {
    throw new Error(`build-cjs: ${relative} keeps a dynamic import(), which the bundle cannot run`);
  }
  modules.push({ id, source: relative, code, map: JSON.parse(result.sourceMapText) });
  const declaration = path.join(distDir, relative.replace(/\.ts$/, '.d.ts'));
  if (fs.existsSync(declaration)) {
    const copy = path.join(outDir, relative.replace(/\.ts$/, '.d.ts'));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(declaration, copy);
  }
}
writeBundle(modules);
fs.copyFileSync(path.join(root, 'scripts', 'bundle-loader.cjs'), loaderFile);
fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

// The entry points: for `require`, a CommonJS module that loads its module from the bundle; for `import`, an ES
// module that re-exports, by name, what that gives.
const require = createRequire(import.meta.url);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let entries = 0;
for (const [subpath, target] of Object.entries(manifest.exports)) {
  if (typeof target === 'string') {
    continue;
  }
  const commonjs = path.join(root, target.require.default);
  const wrapper = path.join(root, target.import.default);
  const id = path.relative(outDir, commonjs).split(path.sep).join('/');
  if (path.dirname(wrapper) !== path.dirname(commonjs) || !wrapper.endsWith('.mjs') || !modules.some((module) => module.id === id)) {
    throw new Error(`build-cjs: exports["${subpath}"] must require a module of src/ in dist/cjs and import an .mjs beside it`);
  }
  // Not `module.exports = require(…)(…)`: Node's import would take that for a re-export and scan the bundle for names.
  const loader = `require("./${path.relative(path.dirname(commonjs), loaderFile)}")`;
  fs.writeFileSync(commonjs, `"use strict";\nconst { load } = ${loader};\nmodule.exports = load(${JSON.stringify(id)});\n`);
  // Node cannot read the names of a CommonJS module that takes them from another at run time, so the ES module
  // imports the exports object and gives its properties names of its own.
  const names = Object.keys(require(commonjs)).filter((name) => name !== '__esModule');
  const from = `./${path.basename(commonjs)}`;
  const code = names.length === 0 ? `import '${from}';\n` : `import commonjs from '${from}';\n\nexport const {\n${names.map((name) => `  ${name},\n`).join('')}} = commonjs;\n`;
  fs.writeFileSync(wrapper, code);
  entries++;
}
process.stderr.write(`build-cjs: ${modules.length} modules in ${path.relative(root, bundleFile)}, and ${entries} entry points\n`);

/**
 * Writes the bundle: one function per module, keyed by its path under dist/cjs, with the map from each relative
 * specifier it requires to the module that specifier names; a loader that runs a module on its first require,
 * as Node's would (exports object, `this`, cycles see the partial exports, a module that throws is forgotten);
 * and one source map for the file.
 */
function writeBundle(modules) {
  const ids = new Set(modules.map((module) => module.id));
  const lines = [
    '"use strict";',
    // The bundle's URL for the modules' `import.meta.url`: createRequire resolves their optional packages from here.
    `const ${FILE_URL} = require("node:url").pathToFileURL(__filename).href;`,
    'const modules = {',
  ];
  const sources = [];
  const mappings = lines.map(() => UNMAPPED);
  for (const module of modules) {
    const requires = {};
    for (const [, specifier] of module.code.matchAll(/\brequire\("(\.\.?\/[^"]*)"\)/g)) {
      const target = path.posix.join(path.posix.dirname(module.id), specifier);
      if (!ids.has(target)) {
        throw new Error(`build-cjs: ${module.source} requires "${specifier}", which is no module of src/`);
      }
      requires[specifier] = target;
    }
    const sourceIndex = sources.push(path.relative(outDir, path.join(srcDir, module.source)).split(path.sep).join('/')) - 1;
    // The module's function is its top-level code: the line that opens it maps to the top of the source.
    mappings[lines.length] = [[0, sourceIndex, 0, 0]];
    lines.push(`${JSON.stringify(module.id)}: [${JSON.stringify(requires)}, function (exports, require, module) {`);
    const codeLines = module.code.replace(/\n$/, '').split('\n').map((line) => asciiLine(line, module.source));
    decodeMappings(module.map.mappings).forEach((segments, line) => {
      const { column: columnOf } = codeLines[line] ?? { column: (column) => column };
      mappings[lines.length + line] = segments
        .filter((segment) => segment.length >= 4)
        .map(([column, , sourceLine, sourceColumn]) => [columnOf(column), sourceIndex, sourceLine, sourceColumn]);
    });
    lines.push(...codeLines.map(({ text }) => text));
    mappings[lines.length] = UNMAPPED;
    lines.push('}],');
  }
  // The loader is the bundle's own code, from no source.
  const loaderStart = lines.length;
  lines.push(
    '};',
    'const loaded = new Map();',
    'module.exports = function load(id) {',
    '  let module = loaded.get(id);',
    '  if (module === undefined) {',
    '    const [requires, run] = modules[id];',
    '    module = { id, exports: {} };',
    '    loaded.set(id, module);',
    '    try {',
    '      run.call(module.exports, module.exports, (specifier) => {',
    '        const target = requires[specifier];',
    '        return target === undefined ? require(specifier) : load(target);',
    '      }, module);',
    '    } catch (error) {',
    '      loaded.delete(id);',
    '      throw error;',
    '    }',
    '  }',
    '  return module.exports;',
    '};',
    `//# sourceMappingURL=${path.basename(bundleFile)}.map`,
  );
  for (let line = loaderStart; line < lines.length; line++) {
    mappings[line] = UNMAPPED;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(bundleFile, `${lines.join('\n')}\n`);
  const map = { version: 3, file: path.basename(bundleFile), sources, names: [], mappings: encodeMappings(mappings, lines.length) };
  fs.writeFileSync(`${bundleFile}.map`, JSON.stringify(map));
}

/**
 * `line` with every character outside ASCII written as a \uXXXX escape (one per UTF-16 unit), and the column in
 * it of each column of `line`. A single such character makes V8 hold the whole bundle's source as a two-byte
 * string: 0.7 MB more of the heap, and slower to scan. The modules have them only in string, template and regular
 * expression literals (comments are removed), where the escape means the same character; String.raw would see the
 * escape itself, so a line that uses it is refused.
 */
function asciiLine(line, source) {
  const escaped = [];
  const text = line.replace(/[^\x00-\x7f]/g, (unit, offset) => {
    escaped.push(offset);
    return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped.length > 0 && line.includes('String.raw')) {
    throw new Error(`build-cjs: ${source} has a character outside ASCII on a line with String.raw, which would read its escape`);
  }
  // An escape is six units for one: each column moves right by five for every escaped unit before it.
  const column = (at) => at + 5 * escaped.filter((offset) => offset < at).length;
  return { text, column };
}

/** A source map's mappings as lines of segments with absolute values: [column, source, line, column]. */
function decodeMappings(text) {
  const state = [0, 0, 0, 0, 0];
  return text.split(';').map((line) => {
    state[0] = 0;
    const segments = [];
    for (const segment of line.split(',')) {
      if (segment === '') {
        continue;
      }
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      fields.forEach((delta, i) => {
        state[i] += delta;
      });
      segments.push(state.slice(0, fields.length));
    }
    return segments;
  });
}

/** The inverse of decodeMappings, for `count` lines (the missing ones empty); names are not kept. */
function encodeMappings(lines, count) {
  const state = [0, 0, 0, 0];
  const vlq = (delta) => {
    let value = delta < 0 ? (-delta << 1) | 1 : delta << 1;
    let text = '';
    do {
      const digit = value & 31;
      value >>>= 5;
      text += BASE64[value > 0 ? digit | 32 : digit];
    } while (value > 0);
    return text;
  };
  const out = [];
  for (let line = 0; line < count; line++) {
    state[0] = 0;
    out.push(
      (lines[line] ?? [])
        .map((segment) =>
          segment
            .map((value, i) => {
              const delta = value - state[i];
              state[i] = value;
              return vlq(delta);
            })
            .join(''),
        )
        .join(','),
    );
  }
  return out.join(';');
}

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
