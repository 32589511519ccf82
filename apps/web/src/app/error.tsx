'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="py-20 text-center">
      <h1 className="text-xl font-semibold">This page failed to load</h1>
      <p className="mt-2 text-sm text-slate-500">The server could not answer. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm">
        Try again
      </button>
    </div>
  );
}
