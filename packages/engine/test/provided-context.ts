// Brings in the type of inject('objectStore'): the real Swift the global setup starts for this run.
import type {} from '@stowage/object-store-server/vitest-global-setup';
