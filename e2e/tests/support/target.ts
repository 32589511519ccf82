import os from 'node:os';
import path from 'node:path';

/**
 * The product under test: the one this suite starts from the web build (no BASE_URL), or an existing deployment
 * (`BASE_URL`, credentials from the environment). Read by playwright.config.ts, the fixtures and global-setup.ts.
 */

/** What a test can need that a deployment may lack; a test declares them with `needs(…)` (tests/fixtures.ts). */
export const FIXTURES = {
  'local-product': 'the product this suite starts: its data directory, its log, its short job and probe intervals',
  'admin-credentials': 'the admin user name and password (E2E_ADMIN_USER, E2E_ADMIN_PASSWORD)',
  'agent-token': 'an agent token with the acquire, renew and release scopes (E2E_AGENT_TOKEN)',
  'same-machine': 'the product reads directories this machine makes (NFS stand-ins) and reaches servers it starts on 127.0.0.1 (E2E_SAME_MACHINE=1)',
  'object-store': 'an OpenStack Swift with its S3 API the product can reach (started here on the same machine, or E2E_SWIFT_AUTH_URL, …)',
  'demo-data': 'the demo data loaded (zone-east, zone-west, zone-north)',
  'empty-installation': 'an installation with no zones yet',
} as const;
export type Fixture = keyof typeof FIXTURES;

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** An existing deployment's URL, or undefined when the suite starts its own product. */
const DEPLOYMENT_URL = process.env.BASE_URL?.replace(/\/+$/, '') || undefined;

/** The suite starts its own product, in which every fixture exists: nothing may be skipped then. */
export const SELF_BUILT = DEPLOYMENT_URL === undefined;
export const PRODUCT_PORT = PORT;
export const BASE_URL = DEPLOYMENT_URL ?? `http://127.0.0.1:${PORT}`;
/** The data directory of the product this suite starts (start-server.sh); its log is `${DATA_DIR}.log`. */
export const DATA_DIR = path.join(os.tmpdir(), `stowage-e2e-${PORT}`);
/** The secret of the agent token start-server.sh creates with the admin command line. */
export const AGENT_TOKEN_FILE = `${DATA_DIR}.agent-token`;

export const ADMIN_USER = process.env.E2E_ADMIN_USER || 'admin';
const ADMIN_PASSWORD_GIVEN = process.env.E2E_ADMIN_PASSWORD || undefined;
/** The bootstrap admin's password: the one start-server.sh is given, or the deployment's from the environment. */
export const ADMIN_PASSWORD = ADMIN_PASSWORD_GIVEN ?? (SELF_BUILT ? 'e2e admin password, not for production' : '');
/** An agent token given by the environment (a deployment's); the self-built product's is in AGENT_TOKEN_FILE. */
export const GIVEN_AGENT_TOKEN = process.env.E2E_AGENT_TOKEN || undefined;

/** The deployment runs on this machine: it can read the directories the tests make and reach their servers. */
const SAME_MACHINE = SELF_BUILT || process.env.E2E_SAME_MACHINE === '1';
/** Swift's endpoints and credentials given by the environment instead of a Swift the global setup starts. */
export const SWIFT_GIVEN = ['E2E_SWIFT_AUTH_URL', 'E2E_SWIFT_USER', 'E2E_SWIFT_KEY', 'E2E_S3_ENDPOINT', 'E2E_S3_ACCESS_KEY', 'E2E_S3_SECRET_KEY'].every(
  (name) => Boolean(process.env[name]),
);
/** The global setup starts a Swift on this machine: for the self-built product, or a deployment on this machine. */
export const START_SWIFT = !SWIFT_GIVEN && SAME_MACHINE;

/**
 * The fixtures known before a test runs. `demo-data` and `empty-installation` depend on what a deployment holds
 * at the time, so on a deployment they are checked against its zones when a test needs them (tests/fixtures.ts).
 */
export const STATIC_FIXTURES: Record<Exclude<Fixture, 'demo-data' | 'empty-installation'>, boolean> = {
  'local-product': SELF_BUILT,
  'admin-credentials': SELF_BUILT || ADMIN_PASSWORD_GIVEN !== undefined,
  'agent-token': SELF_BUILT || GIVEN_AGENT_TOKEN !== undefined,
  'same-machine': SAME_MACHINE,
  'object-store': SWIFT_GIVEN || START_SWIFT,
};

/** The reason a test that needs `fixture` is not run, as the reports show it (e2e/README.md says what each is). */
export function notAvailable(fixture: Fixture): string {
  return `needs ${fixture}: not available on this deployment`;
}
