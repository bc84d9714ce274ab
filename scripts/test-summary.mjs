// Prints one "N passed, N failed, N skipped" line over the Vitest and Playwright JSON reports.
import fs from "node:fs";

const [vitestFile, e2eFile] = process.argv.slice(2);
let passed = 0,
  failed = 0,
  skipped = 0;
const v = JSON.parse(fs.readFileSync(vitestFile, "utf8"));
passed += v.numPassedTests;
failed += v.numFailedTests;
skipped += v.numPendingTests + v.numTodoTests;
const e = JSON.parse(fs.readFileSync(e2eFile, "utf8"));
passed += e.stats.expected;
failed += e.stats.unexpected + e.stats.flaky;
skipped += e.stats.skipped;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
