#!/usr/bin/env node
// `pnpm admin <command>` (the root package.json) runs this: the command line in TypeScript, through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
