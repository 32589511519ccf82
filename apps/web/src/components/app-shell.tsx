'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, type Access } from '@stowage/core/access';
import { useAccess } from '~/lib/access';
import { ThemeSwitch } from './theme-switch';

/** Only pages that work are listed, each shown to whoever may open it. */
const NAV: { href: string; label: string; access: Access }[] = [
  { href: '/', label: 'Overview', access: 'viewer' },
  { href: '/zones', label: 'Zones', access: 'viewer' },
  { href: '/stores', label: 'Stores', access: 'viewer' },
  { href: '/objects', label: 'Objects', access: 'viewer' },
  { href: '/cache', label: 'Cache', access: 'viewer' },
  { href: '/jobs', label: 'Jobs', access: 'viewer' },
  { href: '/workers', label: 'Workers', access: 'viewer' },
  { href: '/events', label: 'Events', access: 'viewer' },
  { href: '/users', label: 'Users', access: 'admin' },
  { href: '/tokens', label: 'Tokens', access: 'admin' },
  { href: '/settings', label: 'Settings', access: 'admin' },
];

/** The page where a one-time password is changed: the only one open until it is. */
const ACCOUNT_PAGE = '/account';

function NavLink({ href, label, pathname }: { href: string; label: string; pathname: string }) {
  const active = href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={`rounded-md px-3 py-2 text-sm ${active ? 'bg-chrome-700 font-medium text-chrome-white' : 'text-chrome-300 hover:bg-chrome-800 hover:text-chrome-white'}`}
    >
      {label}
    </Link>
  );
}

function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setFailed(false);
          try {
            const response = await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
            if (!response.ok) throw new Error(`sign-out answered ${response.status}`);
            window.location.assign('/sign-in');
          } catch {
            setPending(false);
            setFailed(true);
          }
        }}
        className="rounded-md border border-chrome-600 px-2.5 py-1 text-xs font-medium text-chrome-200 hover:bg-chrome-800 hover:text-chrome-white disabled:cursor-not-allowed disabled:text-chrome-500"
      >
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
      {failed ? (
        <p role="alert" className="mt-1 text-xs text-chrome-danger">
          Could not sign out: try again.
        </p>
      ) : null}
    </>
  );
}

function UserBox() {
  const { me } = useAccess();
  if (!me) return <div className="h-16" aria-hidden />;
  return (
    <div className="border-t border-chrome-800 px-5 py-4" data-testid="user-box">
      <p className="truncate text-sm font-medium text-chrome-white" title={me.username}>
        {me.username}
      </p>
      <p className="text-xs text-chrome-300">{ROLE_LABELS[me.role]}</p>
      <div className="mt-2 flex items-center gap-3">
        <Link href={ACCOUNT_PAGE} className="text-xs font-medium text-chrome-300 hover:text-chrome-white hover:underline">
          Account
        </Link>
        <SignOutButton />
      </div>
      <ThemeSwitch />
    </div>
  );
}

export function AppShell({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const { me, can, error } = useAccess();
  const mustChangePassword = me?.mustChangePassword ?? false;
  // A page waits for `account.me`: one who must change a one-time password first would only be refused
  // (and each refusal audited). If it cannot be loaded, the page shows its own error.
  const showPage = (me !== null || error !== null) && !(mustChangePassword && pathname !== ACCOUNT_PAGE);

  // Until a one-time password is changed the server refuses everything else: go where it can be changed.
  useEffect(() => {
    if (mustChangePassword && pathname !== ACCOUNT_PAGE) router.replace(ACCOUNT_PAGE);
  }, [mustChangePassword, pathname, router]);

  return (
    <div className="flex min-h-screen">
      <a
        href="#content"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      {/* The sidebar is dark in both themes: fixed `chrome` colours (globals.css). */}
      <div className="w-56 shrink-0 bg-chrome-900">
        <aside className="sticky top-0 flex h-screen flex-col text-chrome-100">
          <div className="px-5 py-5">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              Stowage
            </Link>
            <p className="text-xs text-chrome-300">Secondary storage control plane</p>
          </div>
          <nav aria-label="Main" className="flex flex-1 flex-col gap-1 overflow-y-auto px-3">
            {mustChangePassword ? (
              <>
                <NavLink href={ACCOUNT_PAGE} label="Account" pathname={pathname} />
                <p className="px-3 py-2 text-xs text-chrome-300">Choose your own password to open the rest of Stowage.</p>
              </>
            ) : (
              NAV.filter((item) => can(item.access)).map((item) => <NavLink key={item.href} {...item} pathname={pathname} />)
            )}
          </nav>
          <UserBox />
        </aside>
      </div>
      <main id="content" tabIndex={-1} className="min-w-0 flex-1 px-8 py-6 focus:outline-none">
        {showPage ? children : null}
      </main>
    </div>
  );
}
