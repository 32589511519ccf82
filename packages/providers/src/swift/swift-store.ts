import { StorageError } from '../storage-error';
import type { SwiftHttp } from './swift-http';
import { swiftPath } from './swift-http';

/** Swift's default max_object_name_length, in bytes of UTF-8. */
export const MAX_OBJECT_NAME_BYTES = 1024;

/** One configured store: an account, a container, a prefix, and how large objects are cut. */
export interface SwiftStore {
  http: SwiftHttp;
  container: string;
  segmentsContainer: string;
  prefix: string;
  segmentBytes: number;
  /** Creates `<container>_segments` the first time a large object needs it. */
  ensureSegmentsContainer(signal?: AbortSignal): Promise<void>;
}

/** The Swift object name of a (checked) key: the prefix, then the key. */
export function objectName(store: SwiftStore, key: string): string {
  const name = `${store.prefix}${key}`;
  if (Buffer.byteLength(name, 'utf8') > MAX_OBJECT_NAME_BYTES) {
    throw new StorageError({
      code: 'AccessDenied',
      message: `Object key is too long: with the store's prefix it exceeds Swift's ${MAX_OBJECT_NAME_BYTES} bytes`,
    });
  }
  return name;
}

export function objectPath(store: SwiftStore, name: string): string {
  return swiftPath(store.container, name);
}

/** A Swift path as SLO manifests write it, "/container/object" (not percent-encoded), as a request path. */
export function manifestPathToRequestPath(path: string): string | null {
  const match = /^\/([^/]+)\/(.+)$/.exec(path);
  return match ? swiftPath(match[1], match[2]) : null;
}
