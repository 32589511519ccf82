import type { StorageProvider } from '../contract';
import { swiftConfigSchema, type SwiftConfig } from './config';
import { openSwiftBackend } from './swift-backend';

export const swiftProvider: StorageProvider<SwiftConfig> = {
  id: 'swift',
  label: 'OpenStack Swift',
  description:
    'An OpenStack Swift container (native Swift API, v1 or Keystone v3 auth), used as the region-wide object store. Large objects are stored as Static Large Objects.',
  roles: ['object'],
  capabilities: {
    reportsCapacity: false,
    multipartUpload: true,
    rangeReads: true,
    serverSideCopy: true,
    maxObjectBytes: null,
  },
  configSchema: swiftConfigSchema,
  secretFields: ['key'],
  checkConfig: async (config, { signal }) => {
    await openSwiftBackend(config).checkAccess({ signal });
  },
  locationField: 'container',
  location: (config) => {
    // The account is known only after auth; the configuration names it (v1 account:user, v3 project).
    const account = config.authVersion === 'v3' ? (config.projectName ?? '') : config.user.slice(0, config.user.indexOf(':'));
    return `swift:${new URL(config.authUrl).host}/${account}/${config.container}/${config.prefix}`;
  },
  open: (config) => openSwiftBackend(config),
};
