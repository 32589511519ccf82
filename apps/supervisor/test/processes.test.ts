import { describe, expect, it } from 'vitest';
import { parseSupervisorEnv } from '../src/env';
import { productProcesses } from '../src/product-processes';

describe('STOWAGE_PROCESSES', () => {
  it('runs the web app, the agent API and a worker by default', () => {
    const env = parseSupervisorEnv({ STOWAGE_DATA_DIR: '/tmp/x' });
    expect(env.STOWAGE_PROCESSES).toEqual(['web', 'agent-api', 'worker']);
    expect(productProcesses({ root: '/r', dev: false, only: env.STOWAGE_PROCESSES }).map((child) => child.name)).toEqual(['web', 'agent-api', 'worker']);
  });

  it('runs only the processes named: a worker on a zone machine, the front ends elsewhere', () => {
    const only = (value: string) => productProcesses({ root: '/r', dev: false, only: parseSupervisorEnv({ STOWAGE_PROCESSES: value }).STOWAGE_PROCESSES }).map((child) => child.name);
    expect(only('worker')).toEqual(['worker']);
    expect(only(' web , agent-api ')).toEqual(['web', 'agent-api']);
  });

  it('refuses an unknown name, a name given twice and an empty list, saying what is allowed', () => {
    expect(() => parseSupervisorEnv({ STOWAGE_PROCESSES: 'web,janitor' })).toThrow(/STOWAGE_PROCESSES.*one of web, agent-api, worker/);
    expect(() => parseSupervisorEnv({ STOWAGE_PROCESSES: 'worker,worker' })).toThrow(/STOWAGE_PROCESSES: a process is named twice/);
    expect(() => parseSupervisorEnv({ STOWAGE_PROCESSES: ' , ' })).toThrow(/STOWAGE_PROCESSES: name at least one process/);
  });
});
