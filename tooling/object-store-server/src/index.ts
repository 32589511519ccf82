export { startSwiftServer } from './server';
export { ensureKeystoneInstalled, ensureSwiftInstalled } from './install';
export type { KeystoneInfo, SwiftServer, StartSwiftServerOptions, ProcessName } from './types';
export { createContainer, tempauthSession, type TempauthEndpoint } from './containers';
