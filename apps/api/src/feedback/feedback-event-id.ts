import { createHash } from 'node:crypto';

/** Namespace of feedback event ids (a fixed random UUID; changing it would re-admit old feedback). */
const FEEDBACK_NAMESPACE = Buffer.from('6f1d3c2a9b8e4f7aa0c5d2e1b3f4a596', 'hex');

/**
 * A name-based UUID (version 5, RFC 9562: SHA-1 of namespace + name): the same feedback request always
 * yields the same event id, so the ledger recognises a retried POST as a duplicate.
 */
export function feedbackEventId(name: string): string {
  const bytes = createHash('sha1').update(FEEDBACK_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
