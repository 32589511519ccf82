import { createCallerFactory, router } from './trpc';
import { overviewRouter } from './routers/overview';
import { storeRouter } from './routers/store';
import { zoneRouter } from './routers/zone';
import { objectRouter } from './routers/object';
import { jobRouter } from './routers/job';
import { settingsRouter } from './routers/settings';

export const appRouter = router({
  overview: overviewRouter,
  zone: zoneRouter,
  store: storeRouter,
  object: objectRouter,
  job: jobRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
