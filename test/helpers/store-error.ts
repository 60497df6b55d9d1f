/** The store tests' check of a thrown store error: worded from the catalogue, in Japanese and in plain English. */
import { expect } from 'vitest';
import { messageFor } from '../../native-host/src/i18n';
import { StoreError } from '../../native-host/src/stores/types';

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/**
 * The StoreError the promise rejects with, checked to be worded: its Japanese is `message`, its English (returned as
 * `english`) has no Japanese and no unfilled placeholder.
 */
export async function wordedStoreError(promise: Promise<unknown>): Promise<StoreError & { english: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  const worded = error as StoreError;
  expect(messageFor(worded.failure(), 'ja')).toBe(worded.message);
  const english = messageFor(worded.failure(), 'en');
  expect(english, worded.wording.key).not.toMatch(JAPANESE);
  expect(english, worded.wording.key).not.toMatch(/\{[a-zA-Z]+\}/); // every placeholder filled
  return Object.assign(worded, { english });
}
