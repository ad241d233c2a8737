import { createHmac } from 'node:crypto';

/**
 * Salted hash of a caller number, for statistics and repeat-contact detection. Only digits count,
 * so "+49 4106 123" and "00494106123" are not unified here: the trunk delivers one format.
 */
export function callerHasher(salt: string): (number: string) => string {
  return (number) => createHmac('sha256', salt).update(number.trim()).digest('hex').slice(0, 32);
}
