import { plannerCurveCsvRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return plannerCurveCsvRoute(request, getRuntime());
}
