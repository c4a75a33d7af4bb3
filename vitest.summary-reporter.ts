import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI can read.
 * Under CI=true a skipped test fails the run: nothing may be skipped silently there.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed outside its tests (an import or a beforeAll) counts as one failure.
      failed += m.state() === 'failed' && failedHere === 0 ? 1 : failedHere;
    }
    if (process.env.CI === 'true' && skipped > 0) {
      console.error(`CI=true: ${skipped} test(s) were skipped; under CI nothing may be skipped`);
      process.exitCode = 1;
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
