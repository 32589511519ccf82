import type { Metadata } from 'next';
import { AppShell } from '~/components/app-shell';
import { TRPCReactProvider } from '~/trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Stowage', template: '%s · Stowage' },
  description: 'Secondary storage across zones: stores, sync state and staging caches.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="font-sans">
        <TRPCReactProvider>
          <AppShell>{children}</AppShell>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
