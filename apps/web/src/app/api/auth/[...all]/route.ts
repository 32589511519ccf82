import { handleAuthRequest } from '@stowage/auth';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

/** Sign-in and sign-out (public by nature; throttled and audited in handleAuthRequest). */
function handler(request: Request) {
  const { auth, db, authSettings } = getRuntime();
  return handleAuthRequest(request, { auth, db, settings: authSettings });
}

export { handler as GET, handler as POST };
