export * from './contract';
export * from './storage-error';
export { getProvider, listProviders } from './registry';
export { nfsProvider } from './nfs/nfs-provider';
export { nfsConfigSchema, type NfsConfig } from './nfs/config';
