import { plannerTraceCsvRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return plannerTraceCsvRoute(request, getRuntime());
}
