import type {} from 'vitest';
import { startSwiftServer } from './server';
import type { SwiftServer } from './types';
import type { TestProject } from 'vitest/node';

export interface ObjectStoreEndpoints {
  proxyUrl: string;
  authUrl: string;
  swift: { user: string; key: string };
  s3: { accessKeyId: string; secretAccessKey: string; region: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    objectStore: ObjectStoreEndpoints;
  }
}

let server: SwiftServer | undefined;

/**
 * One real OpenStack Swift (Swift API and S3 API through s3api) for the whole run, installed from
 * Debian when missing. If it cannot start, the run fails: these tests never pass without it.
 */
export async function setup(project: TestProject) {
  server = await startSwiftServer();
  project.provide('objectStore', {
    proxyUrl: server.proxyUrl,
    authUrl: server.authUrl,
    swift: server.swift,
    s3: server.s3,
  });
}

export async function teardown() {
  await server?.stop();
}
