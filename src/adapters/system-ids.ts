import { randomBytes } from 'node:crypto';
import type { CallId } from '../domain/ids.js';

/** Call ids that sort by creation time and never repeat: `c-<base36 ms>-<random hex>`. */
export const newCallId = (): CallId => `c-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}` as CallId;
