#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: Casework ships no build step, so `npx casework`
// and `npm start` work straight from a checkout.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
