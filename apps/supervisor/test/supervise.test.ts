import { afterEach, describe, expect, it } from 'vitest';
import { restartDelayMs } from '../src/restart-policy';
import { agentPortBeside } from '../src/product-processes';
import { startSupervisor, type ChildSpec, type Restart, type Supervisor } from '../src/supervise';

/** A child that lives until it is killed, or until its supervisor's IPC channel closes. */
const LIVES = "setInterval(() => {}, 1000); process.on('disconnect', () => process.exit(0));";
const child = (name: string, script = LIVES): ChildSpec => ({ name, title: `the ${name}`, command: process.execPath, args: ['-e', script], cwd: process.cwd() });

const supervisors: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.stop()));
});

function supervise(children: ChildSpec[], policy = { baseMs: 50, maxMs: 400, stableMs: 60_000 }) {
  const restarts: Restart[] = [];
  const lines: string[] = [];
  const supervisor = startSupervisor({
    children,
    policy,
    log: (line) => lines.push(line),
    onRestart: async (restart) => {
      restarts.push(restart);
    },
    stopTimeoutMs: 2000,
  });
  supervisors.push(supervisor);
  return { supervisor, restarts, lines };
}

async function until<T>(probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('restart policy', () => {
  it('doubles the delay for each quick death in a row, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelayMs(n, { baseMs: 1000, maxMs: 10_000 }))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe("the agent API's port under npm start", () => {
  it('is STOWAGE_AGENT_PORT when set, else the one after the web app\'s (3001 beside 3000)', () => {
    expect(agentPortBeside({})).toBe('3001');
    expect(agentPortBeside({ PORT: '3210' })).toBe('3211');
    expect(agentPortBeside({ PORT: '3210', STOWAGE_AGENT_PORT: '4000' })).toBeUndefined();
    expect(agentPortBeside({ PORT: '65535' })).toBeUndefined();
  });
});

describe('the supervisor', () => {
  it('restarts a killed child, with a growing delay while it keeps dying, and reports each restart', async () => {
    const { supervisor, restarts } = supervise([child('worker'), child('web')]);
    const web = await until(() => supervisor.pids().web);
    for (let death = 1; death <= 3; death++) {
      const pid = await until(() => supervisor.pids().worker);
      process.kill(pid, 'SIGKILL');
      await until(() => restarts.length === death);
      await until(() => {
        const next = supervisor.pids().worker;
        return next !== null && next !== pid;
      });
    }
    expect(restarts.map((restart) => [restart.name, restart.signal, restart.deathsInARow, restart.delayMs])).toEqual([
      ['worker', 'SIGKILL', 1, 50],
      ['worker', 'SIGKILL', 2, 100],
      ['worker', 'SIGKILL', 3, 200],
    ]);
    expect(restarts[0]!.message).toMatch(/^The worker stopped unexpectedly \(killed by SIGKILL\) after \d+ s; restarting it in 0 s\.$/);
    expect(restarts[2]!.message).toMatch(/\(3 deaths in a row\)\.$/);
    expect(supervisor.pids().web).toBe(web);
  });

  it('starts the delay over once a child had run for the stable time', async () => {
    const { supervisor, restarts } = supervise([child('worker')], { baseMs: 50, maxMs: 400, stableMs: 300 });
    for (let death = 1; death <= 2; death++) {
      const pid = await until(() => supervisor.pids().worker);
      await new Promise((resolve) => setTimeout(resolve, 400));
      process.kill(pid, 'SIGKILL');
      await until(() => restarts.length === death);
    }
    expect(restarts.map((restart) => restart.deathsInARow)).toEqual([1, 1]);
  });

  it('reports a child that exits with an error code as such', async () => {
    const { restarts } = supervise([child('worker', 'process.exit(3)')]);
    await until(() => restarts.length >= 1);
    expect(restarts[0]).toMatchObject({ code: 3, signal: null });
    expect(restarts[0]!.message).toContain('(exited with code 3)');
  });

  it('restarts a child on purpose without counting a death or reporting one', async () => {
    const { supervisor, restarts } = supervise([child('worker')]);
    const pid = await until(() => supervisor.pids().worker);
    supervisor.restart('worker', 'code changed');
    const next = await until(() => {
      const now = supervisor.pids().worker;
      return now !== null && now !== pid ? now : null;
    });
    expect(alive(pid)).toBe(false);
    expect(alive(next)).toBe(true);
    expect(restarts).toEqual([]);
  });

  it('stop() ends every child and restarts none', async () => {
    const { supervisor, restarts } = supervise([child('worker'), child('web')]);
    const pids = [await until(() => supervisor.pids().worker), await until(() => supervisor.pids().web)];
    await supervisor.stop();
    expect(pids.map(alive)).toEqual([false, false]);
    expect(supervisor.pids()).toEqual({ worker: null, web: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(restarts).toEqual([]);
  });
});
