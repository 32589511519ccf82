import { sessionRoute } from './session-route';
import { handleUpload } from './upload';

/*
 * Every HTTP route the web app serves besides /api/trpc (whose procedures declare their own access) and
 * /api/auth (sign-in: public by nature). Each declares who may call it, once, here; apps/web's route files
 * only call these. A test checks that every route file in apps/web is one of them.
 */

/** POST /api/objects/upload: a file streamed into the store of record (objects are operators' work). */
export const uploadRoute = sessionRoute('operator', handleUpload);
