/**
 * Freezes a value and everything reachable from it, so a test fails with a TypeError if any code
 * writes to it (vitest runs ES modules in strict mode). Returns the same value.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return Object.freeze(value);
}
