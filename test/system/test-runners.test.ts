// The package in the test runners its users have: real Jest and Vitest (devDependencies) run the test files of
// test/runners/ in a scratch project whose node_modules/mediacapture holds the built package (package.json and
// dist/, as npm installs it), and every test there must pass: require() and import, the globals of setupFiles
// with the fake devices, a VirtualClock, frames that keep coming under each runner's fake timers, and Vitest's
// jsdom and happy-dom environments and Jest's jsdom environment (devDependencies too) for browser code. Jest is
// 29.7.0: Jest 30's resolver (unrs-resolver) lists native bindings for other platforms that the registry this
// project installs from does not all have, so its lock file could not be complete for `npm ci`. Jest 30.5.2
// passed the same test files by hand (README).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const RUNNERS = join(REPOSITORY, 'test', 'runners');

/** A scratch project with the built package installed under node_modules, and the test files of `runner`. */
function project(runner: string, type: 'commonjs' | 'module'): string {
  const dir = mkdtempSync(join(tmpdir(), `mediacapture-${runner}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const installed = join(dir, 'node_modules', 'mediacapture');
  cpSync(join(REPOSITORY, 'package.json'), join(installed, 'package.json'));
  cpSync(join(REPOSITORY, 'dist'), join(installed, 'dist'), { recursive: true });
  cpSync(join(RUNNERS, runner), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `${runner}-project`, private: true, type })}\n`);
  return dir;
}

interface Outcome {
  passed: number;
  failed: number;
  failures: string[];
}

/** Runs a runner's command in `dir` and reads the counts from its JSON report (exit status aside: that is checked by the counts). */
async function runAndReport(dir: string, args: string[], report: string): Promise<Outcome> {
  const env = { ...process.env, MEDIACAPTURE_FAKE_DEVICES: '1', CI: '1', NO_COLOR: '1' };
  let output = '';
  try {
    const result = await run(process.execPath, args, { cwd: dir, env, timeout: 120_000, maxBuffer: 1 << 24 });
    output = result.stdout + result.stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  let json: {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
    testResults: { assertionResults: { status: string; fullName?: string; title: string; failureMessages: string[] }[] }[];
  };
  try {
    json = JSON.parse(readFileSync(join(dir, report), 'utf8')) as typeof json;
  } catch {
    assert.fail(`no report from ${args.join(' ')}:\n${output}`);
  }
  const failures = json.testResults.flatMap((file) =>
    file.assertionResults.filter((result) => result.status !== 'passed').map((result) => `${result.fullName ?? result.title}: ${result.failureMessages.join('\n')}`),
  );
  return { passed: json.numPassedTests, failed: json.numTotalTests - json.numPassedTests, failures };
}

test('Jest 29 in its default CommonJS mode: require(), setupFiles globals, fake timers (in the test and enabled globally), the jsdom environment', { timeout: 180_000 }, async () => {
  const dir = project('jest', 'commonjs');
  const jest = join(REPOSITORY, 'node_modules', 'jest', 'bin', 'jest.js');
  // --forceExit: a failing test file that leaves a track running must fail the run, not keep Jest waiting.
  const outcome = await runAndReport(dir, [jest, '--ci', '--forceExit', '--json', '--outputFile', 'report.json', '--config', 'jest.config.cjs', '--cacheDirectory', join(dir, '.jest-cache')], 'report.json');
  assert.deepEqual(outcome.failures, []);
  // 4 tests in the default project (one under jsdom), the fake-timer test again with fakeTimers.enableGlobally.
  assert.equal(outcome.passed, 5);
});

test('Vitest 4: import, setupFiles globals with test.env, vi.useFakeTimers() faking performance and queueMicrotask too, the jsdom and happy-dom environments', { timeout: 180_000 }, async () => {
  const dir = project('vitest', 'module');
  const vitest = join(REPOSITORY, 'node_modules', 'vitest', 'vitest.mjs');
  const outcome = await runAndReport(dir, [vitest, 'run', '--config', 'vitest.config.mjs', '--reporter=json', '--outputFile=report.json'], 'report.json');
  assert.deepEqual(outcome.failures, []);
  assert.equal(outcome.passed, 5);
});
