// Vitest with the browser globals installed before every test file and the fake devices through test.env, as
// the README tells test authors; globals so the test files need not resolve 'vitest' from this directory.
export default {
  test: {
    include: ['**/*.test.mjs'],
    setupFiles: ['mediacapture/global'],
    env: { MEDIACAPTURE_FAKE_DEVICES: '1' },
    globals: true,
    testTimeout: 10000,
  },
};
