#!/usr/bin/env node
// node scripts/check-log-hygiene.mjs <server log> <demo env file>
// After the e2e run (scripts/test-all.sh): the output of the server Playwright started
// (`npm run demo`, captured by playwright.config.ts) must contain none of the demo's secrets
// (every value in the git-ignored env file the demo generated) and no e-mail address at all
// (the demo people's addresses included). Prints what was found (by name and line, never the
// value) and exits 1; exits 0 when the log is clean; exits 2 when a file is missing.
import fs from "node:fs";

const [logFile, envFile] = process.argv.slice(2);
if (!logFile || !envFile) {
  console.error("usage: check-log-hygiene.mjs <server log> <demo env file>");
  process.exit(2);
}
for (const f of [logFile, envFile]) {
  if (!fs.existsSync(f)) {
    console.error(`log hygiene: ${f} does not exist`);
    process.exit(2);
  }
}

const secrets = [];
for (const line of fs.readFileSync(envFile, "utf8").split(/\r?\n/)) {
  const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
  if (!m || line.trimStart().startsWith("#")) continue;
  const value = m[2].replace(/^"(.*)"$/, "$1");
  // Short values (flags, ports) are not secrets; every generated secret is far longer.
  if (value.length >= 12) secrets.push({ name: m[1], value });
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const lines = fs.readFileSync(logFile, "utf8").split("\n");
const findings = [];
lines.forEach((line, i) => {
  for (const s of secrets) if (line.includes(s.value)) findings.push(`line ${i + 1}: the value of ${s.name}`);
  for (const m of line.match(EMAIL) ?? [])
    findings.push(`line ${i + 1}: an e-mail address (${m.replace(/^(.).*@/, "$1…@")})`);
});

if (findings.length) {
  console.error(`log hygiene: ${findings.length} finding(s) in ${logFile}:`);
  for (const f of findings.slice(0, 50)) console.error(`  ${f}`);
  process.exit(1);
}
console.log(
  `log hygiene: ${lines.length} line(s) of server output, ${secrets.length} secret(s) checked, no secret and no e-mail address found`,
);
