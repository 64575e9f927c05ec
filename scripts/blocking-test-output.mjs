/**
 * Preloaded into every process of `npm test` (`node --import`). Each test file runs in a child process that
 * reports its results to the runner through a pipe on stdout. Under `--test-force-exit`, Node 20 exits that child
 * once its tests are done, whatever is still queued in the pipe: the verdicts of a file's last tests can be
 * lost, and the run then reports fewer tests than ran (nodejs/node#64833). A failing test still fails the run
 * through the exit code, but its name and error can be lost with the rest. Blocking writes leave nothing queued.
 */
// `_handle` is Node's own (a Pipe here): the same call Node makes on a TTY's stdout.
const handle = process.stdout._handle;
if (typeof handle?.setBlocking === 'function') {
  handle.setBlocking(true);
}
