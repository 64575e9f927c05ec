#!/usr/bin/env node
// Enforces the layer rules of ARCHITECTURE.md over every TypeScript file under src/:
// imports only go downwards (see ALLOWED_IMPORTS), no utils/helpers/misc files, no file over MAX_LINES lines.
//
// Usage: node scripts/check-layers.mjs [--root DIR]   (DIR defaults to this repository's src/)
// Exit status: 0 when clean, 1 on any violation, 2 on a usage error.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The layer of src/index.ts, src/global.ts and src/testing.ts, the package's public entry points. */
const ENTRY = 'entry';
const ENTRY_FILES = new Set(['index.ts', 'global.ts', 'testing.ts']);

/** The layers each layer may import besides itself; '*' means any. */
const ALLOWED_IMPORTS = {
  [ENTRY]: '*',
  cli: [ENTRY],
  api: ['webidl', 'constraints', 'devices', 'sources', 'pipeline', 'sinks', 'media'],
  devices: ['constraints', 'sources', 'media'],
  sources: ['constraints', 'media'],
  pipeline: ['sources', 'constraints', 'media'],
  sinks: ['pipeline', 'sources', 'constraints', 'media'],
  webidl: [],
  constraints: [],
  media: [],
};

/** Bare specifiers that reach the package's own entry points (a self-reference through package.json exports). */
const SELF_REFERENCES = new Map([
  ['mediacapture', 'index.ts'],
  ['mediacapture/global', 'global.ts'],
  ['mediacapture/testing', 'testing.ts'],
]);

/** File names that say nothing about what the file holds. */
const VAGUE_NAMES = new Set(['utils', 'helpers', 'misc']);
const MAX_LINES = 450;
const SOURCE_EXTENSION = /\.[cm]?ts$/;

function parseArguments(argv) {
  const defaultRoot = fileURLToPath(new URL('../src/', import.meta.url));
  let root = defaultRoot;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--root' && index + 1 < argv.length) {
      root = path.resolve(argv[++index]);
    } else if (argument.startsWith('--root=')) {
      root = path.resolve(argument.slice('--root='.length));
    } else if (argument === '--help' || argument === '-h') {
      process.stdout.write('usage: node scripts/check-layers.mjs [--root DIR]\n');
      process.exit(0);
    } else {
      usageError(`unknown argument ${JSON.stringify(argument)}`);
    }
  }
  return { root: path.resolve(root) };
}

function usageError(message) {
  process.stderr.write(`check-layers: ${message}\nusage: node scripts/check-layers.mjs [--root DIR]\n`);
  process.exit(2);
}

function listSourceFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const fullPath = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') {
        files.push(...listSourceFiles(fullPath));
      }
    } else if (entry.isFile() && SOURCE_EXTENSION.test(entry.name)) {
      files.push(fullPath);
    }
  }
  return files.sort();
}

/** The layer of a path under root, or undefined for a top-level file that is not an entry point. */
function layerOf(root, filePath) {
  const segments = path.relative(root, filePath).split(path.sep);
  if (segments.length === 1) {
    return ENTRY_FILES.has(segments[0]) ? ENTRY : undefined;
  }
  return segments[0];
}

/**
 * Blanks comments (keeping newlines, so offsets and line numbers stay put) and returns the offsets of string and
 * template text, so that keywords inside strings and comments are not mistaken for imports.
 */
function scanSource(text) {
  const code = text.split('');
  const stringRanges = [];
  // Each entry is the brace depth of an open `${` expression inside a template literal.
  const templateStack = [];
  let lastSignificant = '';
  let lastWord = '';
  let index = 0;

  const blank = (from, to) => {
    for (let position = from; position < to; position++) {
      if (code[position] !== '\n') {
        code[position] = ' ';
      }
    }
  };
  // Scans template text from `start` (just after a backtick or a closing `}`) to its end or the next `${`.
  const scanTemplateText = (start) => {
    let position = start;
    while (position < text.length) {
      const char = text[position];
      if (char === '\\') {
        position += 2;
      } else if (char === '`') {
        stringRanges.push([start, position]);
        return position + 1;
      } else if (char === '$' && text[position + 1] === '{') {
        stringRanges.push([start, position]);
        templateStack.push(0);
        return position + 2;
      } else {
        position++;
      }
    }
    stringRanges.push([start, position]);
    return position;
  };
  const regexMayStart = () =>
    lastSignificant === '' ||
    '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant) ||
    ['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await'].includes(
      lastWord,
    );

  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      blank(index, stop);
      index = stop;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(index, stop);
      index = stop;
    } else if (char === '"' || char === "'") {
      let position = index + 1;
      while (position < text.length && text[position] !== char && text[position] !== '\n') {
        position += text[position] === '\\' ? 2 : 1;
      }
      stringRanges.push([index + 1, position]);
      index = position + 1;
      lastSignificant = char;
      lastWord = '';
    } else if (char === '`') {
      index = scanTemplateText(index + 1);
      lastSignificant = '`';
      lastWord = '';
    } else if (char === '/' && regexMayStart()) {
      let position = index + 1;
      let inClass = false;
      while (position < text.length && text[position] !== '\n') {
        const regexChar = text[position];
        if (regexChar === '\\') {
          position++;
        } else if (regexChar === '[') {
          inClass = true;
        } else if (regexChar === ']') {
          inClass = false;
        } else if (regexChar === '/' && !inClass) {
          break;
        }
        position++;
      }
      index = position + 1;
      lastSignificant = '/';
      lastWord = '';
    } else if (char === '{' && templateStack.length > 0) {
      templateStack[templateStack.length - 1]++;
      lastSignificant = char;
      lastWord = '';
      index++;
    } else if (char === '}' && templateStack.length > 0 && templateStack[templateStack.length - 1] === 0) {
      templateStack.pop();
      index = scanTemplateText(index + 1);
      lastSignificant = '`';
      lastWord = '';
    } else {
      if (char === '}' && templateStack.length > 0) {
        templateStack[templateStack.length - 1]--;
      }
      if (/[\w$]/.test(char)) {
        let end = index;
        while (end < text.length && /[\w$]/.test(text[end])) {
          end++;
        }
        lastWord = text.slice(index, end);
        lastSignificant = text[end - 1];
        index = end;
        continue;
      }
      if (!/\s/.test(char)) {
        lastSignificant = char;
        lastWord = '';
      }
      index++;
    }
  }
  return { code: code.join(''), stringRanges };
}

function isInRanges(ranges, offset) {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle];
    if (offset < start) {
      high = middle - 1;
    } else if (offset >= end) {
      low = middle + 1;
    } else {
      return true;
    }
  }
  return false;
}

// Each pattern starts at an `import`/`export` keyword; group 2 is the module specifier.
const IMPORT_PATTERNS = [
  /import\s+(?:type\s+)?[\w$*{},\s]+?\s*from\s*(['"])([^'"\n]+)\1/y, // import x, { y } from '…'
  /import\s*(['"])([^'"\n]+)\1/y, // import '…'
  /import\s*\(\s*(['"`])([^'"`$\n]+)\1/y, // import('…'), typeof import('…'), import(`…`)
  /export\s+(?:type\s+)?[\w$*{},\s]+?\s*from\s*(['"])([^'"\n]+)\1/y, // export { x } from '…', export * from '…'
];

/** Every module specifier imported or re-exported by `text`, with the line of its `import`/`export` keyword. */
function findImports(text) {
  const { code, stringRanges } = scanSource(text);
  const imports = [];
  for (const match of code.matchAll(/\b(?:import|export)\b/g)) {
    if (isInRanges(stringRanges, match.index) || code[match.index - 1] === '.') {
      continue;
    }
    for (const pattern of IMPORT_PATTERNS) {
      pattern.lastIndex = match.index;
      const found = pattern.exec(code);
      if (found !== null) {
        const line = code.slice(0, match.index).split('\n').length;
        imports.push({ specifier: found[2], line });
        break;
      }
    }
  }
  return imports;
}

/** The source file a specifier names, as a path (`.js` → `.ts`), or undefined for packages and node: builtins. */
function resolveSpecifier(root, fromFile, specifier) {
  if (SELF_REFERENCES.has(specifier)) {
    return path.join(root, SELF_REFERENCES.get(specifier));
  }
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') {
    return undefined;
  }
  const resolved = path.resolve(path.dirname(fromFile), specifier);
  return resolved.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
}

function checkFile(root, filePath, display) {
  const violations = [];
  const text = readFileSync(filePath, 'utf8');
  const layer = layerOf(root, filePath);
  const baseName = path.basename(filePath).replace(SOURCE_EXTENSION, '').replace(/\.d$/, '');

  if (layer === undefined) {
    violations.push(`${display(filePath)}: top-level file outside the entry points (${[...ENTRY_FILES].join(', ')})`);
  } else if (!(layer in ALLOWED_IMPORTS)) {
    violations.push(`${display(filePath)}: folder ${layer}/ is not a layer of ARCHITECTURE.md`);
  }
  if (VAGUE_NAMES.has(baseName)) {
    violations.push(`${display(filePath)}: a file named ${path.basename(filePath)} says nothing; name it for what it holds`);
  }
  const lineCount = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (lineCount > MAX_LINES) {
    violations.push(`${display(filePath)}: ${lineCount} lines (limit ${MAX_LINES}); split it by what it holds`);
  }

  for (const { specifier, line } of findImports(text)) {
    const target = resolveSpecifier(root, filePath, specifier);
    if (target === undefined) {
      continue;
    }
    const where = `${display(filePath)}:${line} imports ${display(target)}`;
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      violations.push(`${where} (outside ${display(root)}/)`);
      continue;
    }
    const targetLayer = layerOf(root, target);
    if (layer === undefined || !(layer in ALLOWED_IMPORTS) || targetLayer === layer) {
      continue;
    }
    const allowed = ALLOWED_IMPORTS[layer];
    if (targetLayer === undefined || (allowed !== '*' && !allowed.includes(targetLayer))) {
      violations.push(`${where} (layer ${layer} may not import layer ${targetLayer ?? 'none'})`);
    }
  }
  return violations;
}

function main() {
  const { root } = parseArguments(process.argv.slice(2));
  let rootStat;
  try {
    rootStat = statSync(root);
  } catch {
    usageError(`no such directory: ${root}`);
  }
  if (!rootStat.isDirectory()) {
    usageError(`not a directory: ${root}`);
  }
  // Paths print relative to the root's parent, so the repository's files read `src/api/x.ts`.
  const base = path.dirname(root);
  const display = (filePath) => path.relative(base, filePath).split(path.sep).join('/');

  const files = listSourceFiles(root);
  const violations = files.flatMap((filePath) => checkFile(root, filePath, display));
  if (violations.length > 0) {
    for (const violation of violations) {
      process.stderr.write(`${violation}\n`);
    }
    process.stderr.write(
      `layers: ${files.length} files checked, ${violations.length} violation${violations.length === 1 ? '' : 's'}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`layers: ${files.length} files checked, no violations\n`);
}

main();
