import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { AppShell } from '~/components/app-shell';
import { nonceFromPolicy, THEME_SCRIPT } from '~/lib/theme';
import { TRPCReactProvider } from '~/trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Stowage', template: '%s · Stowage' },
  description: 'Secondary storage across zones: stores, sync state and staging caches.',
};

/** Pages shown without the console around them. */
const BARE_PAGES = new Set(['/sign-in']);

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request renders every page per request, so each carries the nonce of its own CSP (server/security-headers.mjs).
  const requestHeaders = await headers();
  const page = requestHeaders.get('x-stowage-page') ?? '';
  const nonce = nonceFromPolicy(requestHeaders.get('content-security-policy'));
  return (
    // The theme script sets data-theme on <html> before React hydrates it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="font-sans">
        <TRPCReactProvider>{BARE_PAGES.has(page) ? children : <AppShell>{children}</AppShell>}</TRPCReactProvider>
      </body>
    </html>
  );
}
