import { DAY_MS, HISTORY_DAYS, MINUTE_MS } from './clock';
import { pick, type GenerateContext } from './generate-context';
import { eventRow } from './generate-objects';
import { EVENTS, type EventRow } from './rows';

type Background = (ctx: GenerateContext, at: Date) => Omit<EventRow, 'id'>;

const base = (at: Date, actor: string): Pick<EventRow, 'at' | 'actor' | 'severity' | 'data' | 'zoneId' | 'storeId' | 'objectId' | 'jobId' | 'outcome'> => ({
  at,
  actor,
  severity: 'info',
  data: null,
  zoneId: null,
  storeId: null,
  objectId: null,
  jobId: null,
  outcome: 'success',
});

const ADDRESSES = ['10.40.1.12', '10.40.1.37', '10.40.2.5', '192.0.2.44', '198.51.100.7'] as const;

/** What happens around the objects, with weights: people signing in and calling the API, the janitor, restarts. */
const BACKGROUND: { weight: number; make: Background }[] = [
  {
    weight: 30,
    make: (ctx, at) => {
      const person = pick(ctx.random, ctx.people);
      return { ...base(at, person), type: 'auth.sign_in', message: `${person} signed in from ${pick(ctx.random, ADDRESSES)}` };
    },
  },
  {
    weight: 4,
    make: (ctx, at) => {
      const person = pick(ctx.random, ctx.people);
      return { ...base(at, person), type: 'auth.sign_in', outcome: 'failure', severity: 'warning', message: `Wrong username or password for ${person} from ${pick(ctx.random, ADDRESSES)}` };
    },
  },
  {
    weight: 10,
    make: (ctx, at) => {
      const person = pick(ctx.random, ctx.people);
      return { ...base(at, person), type: 'auth.signed_out', message: `${person} signed out` };
    },
  },
  {
    weight: 25,
    make: (ctx, at) => {
      const person = pick(ctx.random, ctx.people);
      const procedure = pick(ctx.random, ['object.registerByUrl', 'object.verify', 'job.retry', 'cache.pin', 'cache.evict', 'store.probe', 'job.cancel'] as const);
      return { ...base(at, person), type: `api.${procedure}`, message: `${person} called ${procedure}`, data: JSON.stringify({ procedure }) };
    },
  },
  {
    weight: 3,
    make: (ctx, at) => {
      const person = pick(ctx.random, ['mia.viewer', 'lee.ops'] as const);
      return { ...base(at, person), type: 'access.denied', outcome: 'denied', severity: 'warning', message: `${person} was refused store.update: needs admin`, data: JSON.stringify({ procedure: 'store.update', needs: 'admin' }) };
    },
  },
  {
    weight: 12,
    make: (ctx, at) => {
      const zone = pick(ctx.random, ctx.topology.stagingZones.length > 0 ? ctx.topology.stagingZones : ctx.topology.zones);
      const count = 1 + Math.floor(ctx.random() * 4);
      return { ...base(at, 'janitor'), type: 'cache.leases_expired', zoneId: zone.id, storeId: zone.storeId, message: `${count} ${count === 1 ? 'lease' : 'leases'} expired: their holders stopped renewing` };
    },
  },
  {
    weight: 2,
    make: (ctx, at) => {
      const process = pick(ctx.random, ['worker', 'web', 'agent-api'] as const);
      return { ...base(at, 'system:supervisor'), type: 'process.restarted', severity: 'warning', outcome: 'failure', message: `The ${process} process exited (code 1) and was restarted`, data: JSON.stringify({ process, code: 1 }) };
    },
  },
  {
    weight: 1,
    make: (ctx, at) => {
      const zone = pick(ctx.random, ctx.topology.zones);
      const state = pick(ctx.random, ['maintenance', 'active', 'read-only'] as const);
      return { ...base(at, 'admin'), type: 'store.admin_state_changed', severity: 'warning', zoneId: zone.id, storeId: zone.storeId, message: `Store ${zone.storeName} set ${state}` };
    },
  },
  {
    weight: 1,
    make: (ctx, at) => {
      const zone = pick(ctx.random, ctx.topology.zones);
      const name = `agents-${zone.name.replace(/^zone-/, '')}`;
      return { ...base(at, 'admin'), type: 'token.created', zoneId: zone.id, message: `Agent token ${name} (stw_${Math.floor(ctx.random() * 1e8).toString(36)}…) created: acquire, renew, release in zones ${zone.name}, expires ${new Date(at.getTime() + 90 * DAY_MS).toISOString()}` };
    },
  },
];

const TOTAL_WEIGHT = BACKGROUND.reduce((sum, entry) => sum + entry.weight, 0);

/** `perDay` background events on each of the last 30 days, busier in working hours. */
export async function generateBackgroundEvents(ctx: GenerateContext, perDay: number): Promise<number> {
  const { clock, random, writer } = ctx;
  const total = Math.round(perDay * HISTORY_DAYS);
  for (let index = 0; index < total; index++) {
    let at = clock.within(HISTORY_DAYS * DAY_MS - MINUTE_MS);
    const hour = at.getUTCHours();
    // Nights are quieter: most night draws move into the day.
    if ((hour < 7 || hour > 19) && random() < 0.6) {
      const day = new Date(at);
      day.setUTCHours(8 + Math.floor(random() * 11), Math.floor(random() * 60));
      at = day.getTime() > clock.nowMs ? new Date(day.getTime() - DAY_MS) : day;
    }
    let draw = random() * TOTAL_WEIGHT;
    const entry = BACKGROUND.find((candidate) => (draw -= candidate.weight) < 0) ?? BACKGROUND[0]!;
    writer.add(EVENTS, eventRow(ctx, entry.make(ctx, at)));
    await writer.flushIfFull();
  }
  return total;
}
