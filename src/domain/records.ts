/**
 * A record's own value for a key, never one it inherits: records keyed by words meet
 * "constructor" in questions and texts, and `record.constructor` is Object's.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
