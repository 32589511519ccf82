import { uploadRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return uploadRoute(request, getRuntime());
}
