export { startSwiftServer } from './server';
export { ensureSwiftInstalled } from './install';
export type { SwiftServer, StartSwiftServerOptions, ProcessName } from './types';
