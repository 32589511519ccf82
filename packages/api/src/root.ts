import { createCallerFactory, router } from './trpc';
import { overviewRouter } from './routers/overview';
import { storeRouter } from './routers/store';
import { zoneRouter } from './routers/zone';
import { objectRouter } from './routers/object';
import { jobRouter } from './routers/job';
import { settingsRouter } from './routers/settings';
import { cacheRouter } from './routers/cache';
import { accountRouter } from './routers/account';
import { userRouter } from './routers/user';
import { eventRouter } from './routers/event';
import { tokenRouter } from './routers/token';
import { workerRouter } from './routers/worker';
import { plannerRouter } from './routers/planner';

export const appRouter = router({
  overview: overviewRouter,
  zone: zoneRouter,
  store: storeRouter,
  object: objectRouter,
  job: jobRouter,
  settings: settingsRouter,
  cache: cacheRouter,
  account: accountRouter,
  user: userRouter,
  event: eventRouter,
  token: tokenRouter,
  worker: workerRouter,
  planner: plannerRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
