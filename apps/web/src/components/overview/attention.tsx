import Link from 'next/link';
import type { Overview } from '@stowage/services';
import { formatBytes } from '~/lib/format';

const number = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

interface Notice {
  key: string;
  tone: 'red' | 'amber';
  sentence: string;
  action: { href: string; label: string };
}

/** What needs a person, each as the sentence they act on and the link that takes them there. */
export function noticesOf(overview: Overview): Notice[] {
  const notices: Notice[] = [];
  const { storesDown, zones, cachesOverWatermark } = overview;
  if (storesDown.length > 0) {
    const names = storesDown.map((store) => (store.zoneName ? `${store.name} (${store.zoneName})` : store.name)).join(', ');
    notices.push({
      key: 'stores-down',
      tone: 'red',
      sentence: `${storesDown.length} ${plural(storesDown.length, 'store is', 'stores are')} down: ${names}. Copies to and from ${plural(storesDown.length, 'it', 'them')} wait until ${plural(storesDown.length, 'it answers', 'they answer')} a probe.`,
      action: { href: '/stores', label: 'Open the stores' },
    });
  }
  for (const zone of zones) {
    if (zone.health.failed === 0) continue;
    notices.push({
      key: `failed-${zone.id}`,
      tone: 'red',
      sentence: `${zone.name} has ${number(zone.health.failed)} failed ${plural(zone.health.failed, 'copy', 'copies')}.`,
      action: { href: `/objects?zone=${encodeURIComponent(zone.id)}&state=failed`, label: 'Open the matrix' },
    });
  }
  for (const cache of cachesOverWatermark) {
    notices.push({
      key: `cache-${cache.id}`,
      tone: 'amber',
      sentence: `Cache ${cache.name}${cache.zoneName ? ` in ${cache.zoneName}` : ''} is ${Math.floor(cache.usedPct)}% full (${formatBytes(cache.usedBytes)} of ${formatBytes(cache.capacityBytes)}), past its high watermark of ${cache.highWatermarkPct}%: the janitor evicts idle entries; if it stays there, give it more capacity.`,
      action: { href: '/cache', label: 'Open the cache' },
    });
  }
  return notices;
}

export function Attention({ overview }: { overview: Overview }) {
  const notices = noticesOf(overview);
  return (
    <section aria-labelledby="attention-title" className="mb-6" data-testid="overview-attention">
      <h2 id="attention-title" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Needs attention
      </h2>
      {notices.length === 0 ? (
        <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="overview-all-well">
          Nothing needs you: every store answers, no copy has failed and every cache is below its high watermark.
        </p>
      ) : (
        <ul className="space-y-2">
          {notices.map((notice) => (
            <li
              key={notice.key}
              data-testid={`notice-${notice.key}`}
              className={`flex flex-wrap items-center justify-between gap-x-4 gap-y-1 rounded-lg border px-4 py-2.5 text-sm ${
                notice.tone === 'red' ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-950'
              }`}
            >
              <span className="min-w-0 break-words">{notice.sentence}</span>
              <Link href={notice.action.href} className="shrink-0 font-medium text-indigo-700 underline-offset-2 hover:underline">
                {notice.action.label} →
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
