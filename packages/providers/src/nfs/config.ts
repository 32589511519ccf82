import path from 'node:path';
import { z } from 'zod';

export const nfsConfigSchema = z.object({
  path: z
    .string()
    .trim()
    .min(1, 'Path is required')
    .max(4096, 'Path is longer than 4096 characters')
    .refine((value) => !value.includes('\0'), 'Path must not contain NUL bytes')
    .refine((value) => path.isAbsolute(value), 'Use an absolute path, such as /mnt/secondary')
    .refine(
      (value) => !value.split('/').includes('..'),
      'Path must not contain ".." segments',
    )
    .transform((value) => path.normalize(value).replace(/(.)\/+$/, '$1'))
    .meta({
      title: 'Mount path',
      description: 'Absolute path where the NFS export is mounted on the Stowage hosts.',
      placeholder: '/mnt/secondary/zone-1',
    }),
});
export type NfsConfig = z.infer<typeof nfsConfigSchema>;
