// `npm test`: everything a change must pass, in one command. Builds both browsers once, checks
// types, lints the Firefox package, runs the unit and end-to-end suites, and ends with one line
// "N passed, N failed" counting every check and test together.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(name: string, command: string, args: string[]): StepResult {
  const ok = run(command, args);
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
}

function readJson(file: string): any {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Where vitest and Playwright write their reports (a CL_TAG run has its own folder). */
const RESULTS_DIR = `test-results${process.env.CL_TAG ? `-${process.env.CL_TAG}` : ''}`;

function unitTests(): StepResult {
  const file = `${RESULTS_DIR}/unit.json`;
  rmSync(file, { force: true });
  const ok = run('npx', ['vitest', 'run']);
  const report = readJson(file);
  if (!report) return { name: 'unit tests', passed: 0, failed: 1, skipped: 0 };
  const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  return { name: 'unit tests', passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

function e2eTests(): StepResult {
  const file = `${RESULTS_DIR}/e2e.json`;
  rmSync(file, { force: true });
  const ok = run('npx', ['playwright', 'test']);
  const stats = readJson(file)?.stats;
  if (!stats) return { name: 'end-to-end tests', passed: 0, failed: 1, skipped: 0 };
  const failed = stats.unexpected + stats.flaky + (ok || stats.unexpected > 0 ? 0 : 1);
  return { name: 'end-to-end tests', passed: stats.expected, failed, skipped: stats.skipped };
}

const results: StepResult[] = [];
const built = check('build (chrome)', 'npx', ['wxt', 'build']);
results.push(built);
results.push(check('build (firefox) + web-ext lint', 'npm', ['run', '--silent', 'lint']));
results.push(check('typecheck', 'npx', ['tsc', '--noEmit']));
results.push(unitTests());
if (built.failed === 0) results.push(e2eTests());
else results.push({ name: 'end-to-end tests (not run: the build failed)', passed: 0, failed: 1, skipped: 0 });

console.log('\nSummary');
for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
