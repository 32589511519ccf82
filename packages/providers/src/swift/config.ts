import { z } from 'zod';
import { httpUrlField } from '../http-url';
import { keyPrefixField } from '../key-prefix';

/** Segments of a large object live in `<container>_segments`: the suffix has to fit Swift's 256-byte limit. */
export const SEGMENTS_SUFFIX = '_segments';
const MAX_CONTAINER_BYTES = 256 - SEGMENTS_SUFFIX.length;

/** An http(s) URL without credentials, query or fragment. Kept as written (trimmed): v1 auth paths differ. */
const authUrl = httpUrlField({
  label: 'Auth URL',
  example: 'https://swift.example.com/auth/v1.0',
  credentialsGoIn: 'the user and key fields',
});

/** Optional fields a form sends as "" when left empty. */
const optionalName = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

const container = z
  .string()
  .trim()
  .min(1, 'Container is required')
  .refine((value) => !value.includes('/'), 'A container name must not contain "/"')
  .refine(
    (value) => !value.endsWith(SEGMENTS_SUFFIX),
    `Containers ending in "${SEGMENTS_SUFFIX}" hold other stores' large-object segments`,
  )
  .refine(
    (value) => Buffer.byteLength(value, 'utf8') <= MAX_CONTAINER_BYTES,
    `A container name is at most ${MAX_CONTAINER_BYTES} bytes (Swift allows 256, and large objects need room for "${SEGMENTS_SUFFIX}")`,
  );

const prefix = keyPrefixField;

export const swiftConfigSchema = z
  .object({
    authUrl: authUrl.meta({
      title: 'Auth URL',
      description:
        'v1: the auth endpoint, such as https://swift.example.com/auth/v1.0. v3: the Keystone v3 endpoint, such as https://keystone.example.com:5000/v3.',
      placeholder: 'https://swift.example.com/auth/v1.0',
    }),
    authVersion: z.enum(['v1', 'v3']).default('v1').meta({
      title: 'Auth version',
      description: 'v1: Swift’s own auth (tempauth, swauth, RadosGW). v3: OpenStack Keystone v3 with a password.',
      placeholder: 'v1',
    }),
    user: z
      .string()
      .trim()
      .min(1, 'User is required')
      .max(256, 'User is longer than 256 characters')
      .meta({
        title: 'User',
        description: 'v1: account:user, such as test:tester. v3: the Keystone user name.',
        placeholder: 'account:user',
      }),
    key: z
      .string()
      .min(1, 'Key is required')
      .max(1024, 'Key is longer than 1024 characters')
      .meta({
        title: 'Key / password',
        description: 'Stored sealed and never shown again; leave empty when editing to keep the current one.',
        placeholder: '',
      }),
    userDomain: z
      .string()
      .trim()
      .min(1, 'User domain is required')
      .max(255, 'At most 255 characters')
      .default('Default')
      .meta({ title: 'User domain', description: 'v3 only: the Keystone domain of the user.', placeholder: 'Default' }),
    projectName: optionalName(255).meta({
      title: 'Project',
      description: 'v3 only (required there): the Keystone project whose object store is used.',
      placeholder: 'stowage',
    }),
    projectDomain: z
      .string()
      .trim()
      .min(1, 'Project domain is required')
      .max(255, 'At most 255 characters')
      .default('Default')
      .meta({ title: 'Project domain', description: 'v3 only: the Keystone domain of the project.', placeholder: 'Default' }),
    region: optionalName(255).meta({
      title: 'Region',
      description: 'v3 only: picks the object-store endpoint of this region from the catalog; empty takes the first.',
      placeholder: 'RegionOne',
    }),
    container: container.meta({
      title: 'Container',
      description: 'An existing container; Stowage does not create it. Large objects go to <container>_segments.',
      placeholder: 'stowage-secondary',
    }),
    prefix: prefix.default('').meta({
      title: 'Object prefix',
      description: 'Optional folder inside the container for this store’s objects, so several stores can share one.',
      placeholder: 'region-1/',
    }),
    segmentSizeMiB: z
      .number()
      .int('Use a whole number of MiB')
      .min(1, 'Segments are at least 1 MiB')
      .max(5120, 'Segments are at most 5120 MiB (5 GiB)')
      .default(1024)
      .meta({
        title: 'Segment size (MiB)',
        description: 'Objects larger than this are uploaded as Static Large Objects made of segments of this size.',
        placeholder: '1024',
      }),
    requestTimeoutSeconds: z
      .number()
      .int('Use a whole number of seconds')
      .min(1, 'At least 1 second')
      .max(600, 'At most 600 seconds')
      .default(30)
      .meta({
        title: 'Request timeout (s)',
        description: 'How long to wait for a connection, an answer, or a stalled transfer to move again.',
        placeholder: '30',
      }),
  })
  .superRefine((config, ctx) => {
    if (config.authVersion === 'v3' && config.projectName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['projectName'], message: 'Keystone v3 needs a project' });
    }
    if (config.authVersion === 'v1' && !/^[^:]+:.+$/.test(config.user)) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'With v1 auth the user is account:user, such as test:tester' });
    }
  });
export type SwiftConfig = z.infer<typeof swiftConfigSchema>;
