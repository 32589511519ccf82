export * from './domain';
export * from './errors';
export * from './names';
export * from './state-machine';
export * from './replica-state';
export * from './job-state';
export * from './store-state';
export * from './counts';
