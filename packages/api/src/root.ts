import { createCallerFactory, router } from './trpc';
import { overviewRouter } from './routers/overview';
import { storeRouter } from './routers/store';
import { zoneRouter } from './routers/zone';

export const appRouter = router({
  overview: overviewRouter,
  zone: zoneRouter,
  store: storeRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
