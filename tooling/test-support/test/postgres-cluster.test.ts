import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../src/postgres-cluster';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function show(url: string, setting: string): Promise<string> {
  const rows = await query<Record<string, string>>(url, `SHOW ${setting}`);
  return rows[0]?.[setting] as string;
}

describe('the global setup', () => {
  it('provides a running cluster and STOWAGE_TEST_POSTGRES_URL', async () => {
    const provided = inject('postgres');
    expect(provided.host).toBe('127.0.0.1');
    expect(provided.superuserUrl).toBe(`postgresql://postgres@127.0.0.1:${provided.port}/postgres`);
    expect(process.env.STOWAGE_TEST_POSTGRES_URL).toBe(provided.superuserUrl);
    const rows = await query<{ answer: number }>(provided.superuserUrl, 'SELECT 6 * 7 AS answer');
    expect(rows).toEqual([{ answer: 42 }]);
    expect(await show(provided.superuserUrl, 'listen_addresses')).toBe('127.0.0.1');
  });
});

describe('startPostgresCluster', () => {
  let cluster: PostgresCluster;

  beforeAll(async () => {
    cluster = await startPostgresCluster({ label: 'test', settings: { work_mem: '8MB' } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('starts a local cluster with honest settings', async () => {
    const url = cluster.superuserUrl();
    expect(await show(url, 'listen_addresses')).toBe('127.0.0.1');
    expect(await show(url, 'port')).toBe(String(cluster.port));
    expect(await show(url, 'unix_socket_directories')).toBe(cluster.baseDir);
    expect(await show(url, 'fsync')).toBe('on');
    expect(await show(url, 'max_connections')).toBe('200');
    expect(await show(url, 'work_mem')).toBe('8MB');
    expect(statSync(cluster.baseDir).mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) {
      const [row] = await query<{ user: string }>(url, 'SELECT current_user::text AS user');
      expect(row?.user).toBe('postgres');
      expect(statSync(cluster.dataDir).uid).not.toBe(0); // run as the postgres OS user
    }
  });

  it('creates a database from a template and drops it', async () => {
    const templateUrl = await cluster.createDatabase('tpl');
    expect(templateUrl).toBe(cluster.superuserUrl('tpl'));
    await query(
      templateUrl,
      "CREATE TABLE seeded (name text); INSERT INTO seeded VALUES ('from the template')",
    );
    const copyUrl = await cluster.createDatabase('copy-of-tpl', { template: 'tpl' });
    expect(await query(copyUrl, 'SELECT name FROM seeded')).toEqual([{ name: 'from the template' }]);
    await cluster.dropDatabase('copy-of-tpl');
    const rows = await query(
      cluster.superuserUrl(),
      "SELECT 1 FROM pg_database WHERE datname = 'copy-of-tpl'",
    );
    expect(rows).toEqual([]);
  });

  it('restart -m immediate drops connections; the next query succeeds', async () => {
    const client = new pg.Client({ connectionString: cluster.superuserUrl() });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('SELECT 1');
    const before = cluster.pid;
    await cluster.restart({ mode: 'immediate' });
    expect(cluster.pid).not.toBe(before);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end().catch(() => undefined);
    expect(await query(cluster.superuserUrl(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await cluster.restart({ mode: 'fast' });
    expect(await query(cluster.superuserUrl(), 'SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('stop ends the server and removes its dir; a second stop is a no-op', async () => {
    const pid = cluster.pid;
    await cluster.stop();
    expect(existsSync(cluster.dataDir)).toBe(false);
    expect(existsSync(cluster.baseDir)).toBe(false);
    expect(existsSync(`/proc/${pid}`) && !/State:\s*Z/.test(readStatus(pid))).toBe(false);
    await cluster.stop();
    await expect(query(cluster.superuserUrl(), 'SELECT 1')).rejects.toThrow();
  });
});

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 'State: Z';
  }
}

describe('a cluster that cannot start', () => {
  const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('stowage-pg-fails-'));

  it('throws with the log tail when its port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const began = Date.now();
      await expect(
        startPostgresCluster({ label: 'fails-port', port, startTimeoutMs: 20_000 }),
      ).rejects.toThrow(/pg_ctl start on port \d+ failed[\s\S]*last lines of[\s\S]*Address already in use/);
      expect(Date.now() - began).toBeLessThan(15_000);
    } finally {
      blocker.close();
    }
    expect(leftovers()).toEqual([]);
  });

  it('throws with the log tail on a bogus setting', async () => {
    await expect(
      startPostgresCluster({
        label: 'fails-setting',
        settings: { no_such_setting: 'on' },
        startTimeoutMs: 20_000,
      }),
    ).rejects.toThrow(/unrecognized configuration parameter "no_such_setting"/);
    expect(leftovers()).toEqual([]);
  });

  it('refuses to let settings move it off 127.0.0.1', async () => {
    await expect(startPostgresCluster({ settings: { listen_addresses: '*' } })).rejects.toThrow(
      /harness's own/,
    );
  });
});
