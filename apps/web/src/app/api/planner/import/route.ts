import { plannerImportRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return plannerImportRoute(request, getRuntime());
}
