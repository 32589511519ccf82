import { handleUpload } from '@stowage/api';
import { createRequestContext } from '~/server/context';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handleUpload(request, createRequestContext());
}
