import { z } from 'zod';

/** A JSON object, as a merge patch and its target are. */
export type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON merge patch (RFC 7396), the meaning of every `PATCH` body: a member not in the patch is
 * left as it is, `null` removes it, an object is merged member by member (recursively), and
 * anything else — a string, a number, an array — replaces the value. Neither argument is
 * changed; the result shares no objects with the patch. A patch that is not an object
 * replaces the whole target (RFC 7396 §2); routes refuse those before they get here.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // Defined, not assigned: a `__proto__` member stays a member instead of becoming the prototype.
    else
      Object.defineProperty(result, key, {
        value: applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

/**
 * What a `PATCH` body must be: a JSON object, read as a merge patch. Anything else (an array, a
 * string, nothing) is a 400 saying how to send one.
 */
export const mergePatchBody = z.custom<JsonObject>(
  isObject,
  'a PATCH body is a JSON merge patch: a JSON object of the fields to change, with null for a field to remove',
);
