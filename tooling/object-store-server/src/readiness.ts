import { setTimeout as sleep } from 'node:timers/promises';
import { type ManagedProcess } from './child-process';

export interface ReadinessTarget {
  /** Processes whose /healthcheck must answer 200: name → port */
  healthPorts: Record<string, number>;
  authUrl: string;
  user: string;
  key: string;
  /** Processes that must stay alive while waiting (an early exit fails at once). */
  processes: readonly ManagedProcess[];
  timeoutMs: number;
}

async function probeHealth(port: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthcheck`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return response.status === 200 ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return describeFetchError(error);
  }
}

async function probeAuth(target: ReadinessTarget): Promise<string | undefined> {
  try {
    const response = await fetch(target.authUrl, {
      headers: { 'X-Auth-User': target.user, 'X-Auth-Key': target.key },
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    if (!response.ok) return `HTTP ${response.status}`;
    if (!response.headers.get('x-storage-url') || !response.headers.get('x-auth-token')) {
      return `HTTP ${response.status} without X-Storage-Url/X-Auth-Token`;
    }
    return undefined;
  } catch (error) {
    return describeFetchError(error);
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export function describeProcesses(processes: readonly ManagedProcess[], lines = 40): string {
  return processes
    .map((child) => {
      const exit = child.exitInfo;
      const state = child.running
        ? `running, pid ${String(child.pid)}`
        : exit
          ? `exited (${exit.error?.message ?? (exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`)})`
          : 'not started';
      const tail = child.output.tail(lines);
      return `--- ${child.name} (${state}), last ${tail.length} lines:\n${tail.join('\n')}`;
    })
    .join('\n');
}

/** Polls until every /healthcheck answers 200 and v1 auth hands out a token; throws with the children's output otherwise. */
export async function waitUntilReady(target: ReadinessTarget): Promise<void> {
  const deadline = Date.now() + target.timeoutMs;
  let problems: string[] = [];
  for (;;) {
    const dead = target.processes.filter((child) => !child.running);
    if (dead.length > 0) {
      throw new Error(
        `Swift test server: ${dead.map((p) => p.name).join(', ')} exited during startup\n${describeProcesses(target.processes)}`,
      );
    }
    const entries = Object.entries(target.healthPorts);
    const health = await Promise.all(entries.map(([, port]) => probeHealth(port)));
    problems = entries.flatMap(([name, port], i) =>
      health[i] === undefined ? [] : [`${name} :${port}/healthcheck → ${health[i]}`],
    );
    if (problems.length === 0) {
      const auth = await probeAuth(target);
      if (auth === undefined) return;
      problems.push(`GET ${target.authUrl} → ${auth}`);
    }
    if (Date.now() >= deadline) break;
    await sleep(100);
  }
  throw new Error(
    `Swift test server not ready after ${target.timeoutMs} ms: ${problems.join('; ')}\n${describeProcesses(target.processes)}`,
  );
}
