'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Only pages that work are listed; each new page joins this list when it lands. */
const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/zones', label: 'Zones' },
  { href: '/stores', label: 'Stores' },
  { href: '/objects', label: 'Objects' },
  { href: '/cache', label: 'Cache' },
  { href: '/jobs', label: 'Jobs' },
  { href: '/settings', label: 'Settings' },
] as const;

export function AppShell({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  return (
    <div className="flex min-h-screen">
      <aside className="w-56 shrink-0 bg-slate-900 text-slate-100">
        <div className="px-5 py-5">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Stowage
          </Link>
          <p className="text-xs text-slate-400">Secondary storage control plane</p>
        </div>
        <nav aria-label="Main" className="flex flex-col gap-1 px-3">
          {NAV.map((item) => {
            const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`rounded-md px-3 py-2 text-sm ${active ? 'bg-slate-700 font-medium text-white' : 'text-slate-300 hover:bg-slate-800 hover:text-white'}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
