export * from './contract';
export * from './storage-error';
export { getProvider, listProviders } from './registry';
export { nfsProvider } from './nfs/nfs-provider';
export { nfsConfigSchema, type NfsConfig } from './nfs/config';
export { HashingStream } from './hashing-stream';
export { readVerified } from './read-verified';
export { checkObjectKey, checkPrefix, MAX_KEY_BYTES } from './object-key';
