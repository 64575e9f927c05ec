// Jest in its default mode (CommonJS test files, each in a context of its own), with the browser globals
// installed before every test file, as the README tells test authors; and the fake-timer test again with
// fakeTimers.enableGlobally, where the fakes are in place before the test file loads the package.
module.exports = {
  testTimeout: 10000,
  projects: [
    { displayName: 'default', testMatch: ['<rootDir>/*.test.cjs'], setupFiles: ['mediacapture/global'] },
    { displayName: 'fake timers globally', testMatch: ['<rootDir>/fake-timers.test.cjs'], fakeTimers: { enableGlobally: true } },
  ],
};
