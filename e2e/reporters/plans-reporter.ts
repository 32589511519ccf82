import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { formatPlanTable, planOf, RESULTS_VERSION, summarizePlans, type PlanResults, type Status, type TestResultRow } from '../scripts/plan-results.mjs';

interface Options {
  /** Where the per-plan results JSON goes (e2e/results/plans.json). */
  outputFile: string;
}

const STATUS: Record<ReturnType<TestCase['outcome']>, Status> = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'not run' };

/**
 * The test plans of a run: fails the run when a test belongs to no plan or to two; at the end prints the pass
 * rate per plan and writes the per-plan results JSON `pnpm e2e:compare` reads. A skipped test is "not run"
 * (never passed), with the reason its skip gives (a fixture the deployment lacks). The self-built product has
 * every fixture, so there a test not run fails the run.
 */
export default class PlansReporter implements Reporter {
  private readonly outputFile: string;
  private config!: FullConfig;
  private suite!: Suite;
  private readonly startedAt = new Date();
  private problems: string[] = [];

  constructor(options: Options) {
    this.outputFile = options.outputFile;
  }

  printsToStdio() {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite) {
    this.config = config;
    this.suite = suite;
    this.problems = this.planTests().flatMap(({ test, file, planned }) => ('problem' in planned ? [`${file} › ${titleOf(test)}: ${planned.problem}`] : []));
    for (const problem of this.problems) console.error(`[plans] ${problem}`);
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    // Listing the tests (--list) runs none: nothing to report but the plan problems, and the last results stay.
    if (this.suite.allTests().every((test) => test.results.length === 0)) return this.problems.length > 0 ? { status: 'failed' } : undefined;
    const tests: TestResultRow[] = this.planTests().flatMap(({ test, file, planned }) => {
      if ('problem' in planned) return [];
      const status = STATUS[test.outcome()];
      const last = test.results.at(-1);
      const row: TestResultRow = { plan: planned.plan, file, title: titleOf(test), status, durationMs: test.results.reduce((sum, run) => sum + run.duration, 0) };
      const reason = status === 'not run' ? skipReason(test) : status === 'failed' ? last?.error?.message?.split('\n')[0] : undefined;
      if (reason) row.reason = stripAnsi(reason);
      return [row];
    });
    const plans = summarizePlans(tests);
    const metadata = this.config.metadata as { target?: string; fixtures?: PlanResults['fixtures']; selfBuilt?: boolean };
    const results: PlanResults = {
      version: RESULTS_VERSION,
      startedAt: this.startedAt.toISOString(),
      target: metadata.target ?? 'unknown',
      fixtures: metadata.fixtures ?? {},
      plans,
      tests,
      problems: this.problems,
    };
    fs.mkdirSync(path.dirname(this.outputFile), { recursive: true });
    fs.writeFileSync(this.outputFile, `${JSON.stringify(results, null, 2)}\n`);

    const notRun = tests.filter((test) => test.status === 'not run');
    console.log(`\nTest plans on ${results.target} (${path.relative(process.cwd(), this.outputFile)}):\n${formatPlanTable(plans)}`);
    if (notRun.length > 0) {
      console.log(`\nNot run (${notRun.length}):`);
      for (const test of notRun) console.log(`  ${test.plan} ${test.file} › ${test.title}: ${test.reason ?? 'skipped'}`);
    }
    for (const problem of this.problems) console.error(`[plans] ${problem}`);
    if (this.problems.length > 0) return { status: 'failed' };
    if (metadata.selfBuilt && notRun.length > 0 && result.status === 'passed') {
      console.error('[plans] the self-built product has every fixture: no test may be left not run');
      return { status: 'failed' };
    }
    return undefined;
  }

  /** The tests of the plans: every test but the set-up projects' (tests/*.setup.ts). */
  private planTests() {
    return this.suite
      .allTests()
      .filter((test) => !test.location.file.endsWith('.setup.ts'))
      .map((test) => ({ test, file: path.relative(this.config.rootDir, test.location.file), planned: planOf(test.tags) }));
  }
}

/** The describe titles and the test's, without the project and file. */
function titleOf(test: TestCase): string {
  return test.titlePath().slice(3).join(' › ');
}

function skipReason(test: TestCase): string | undefined {
  const annotations = [...test.annotations, ...test.results.flatMap((result) => result.annotations)];
  const skip = annotations.find((annotation) => annotation.type === 'skip' || annotation.type === 'fixme');
  if (skip) return skip.description ?? skip.type;
  return test.results.length === 0 ? 'did not run (an earlier failure, a failed set-up or the run stopped)' : undefined;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- terminal colour codes in Playwright's error messages
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
