'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';

/** Where to go after signing in: only a path on this site (never "//elsewhere" or "https://…"). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

interface SignInError {
  message: string;
  fieldErrors?: Record<string, string[]> | null;
}

export function SignInForm() {
  const params = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);

  async function submit() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/username', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await response.json().catch(() => null)) as { mustChangePassword?: boolean; error?: SignInError } | null;
      if (!response.ok) {
        setError(body?.error ?? { message: `Sign-in failed (HTTP ${response.status}).` });
        return;
      }
      // A full navigation: the console's layout renders again, now for a signed-in person.
      window.location.assign(body?.mustChangePassword ? '/account' : safeNext(params.get('next')));
    } catch {
      setError({ message: 'The server could not be reached. Try again.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      aria-label="Sign in"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 className="text-lg font-semibold text-slate-900">Sign in</h2>
      <ErrorBanner message={error?.message} />
      <Field label="Username" htmlFor="sign-in-username" errors={error?.fieldErrors?.username}>
        <input
          id="sign-in-username"
          name="username"
          autoComplete="username"
          autoFocus
          required
          maxLength={64}
          className={`${inputClass} w-full`}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </Field>
      <Field label="Password" htmlFor="sign-in-password" errors={error?.fieldErrors?.password}>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
          className={`${inputClass} w-full`}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <Button type="submit" variant="primary" className="w-full justify-center" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-xs text-slate-500">Accounts are created by an admin. Forgot your password? Ask an admin to reset it.</p>
    </form>
  );
}
