type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Equal as JSON, where a member set to `null` counts as absent (as in a merge patch). */
function sameJson(left: unknown, right: unknown): boolean {
  if (isObject(left) && isObject(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every((key) => sameJson(left[key] ?? null, right[key] ?? null));
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => sameJson(item, right[index]));
  }
  return left === right;
}

/**
 * The JSON merge patch (RFC 7396, what every `PATCH` of the API takes) that turns `before` into
 * `after`: members `after` lacks (or sets to `null`) become `null`, changed objects are diffed
 * member by member, anything else changed is sent whole, unchanged members are left out. An
 * editor that holds the whole record sends only what the person changed — and what they
 * removed (an MCP server, a budget) is removed, not kept.
 */
export function createMergePatch(before: JsonObject, after: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(before)) {
    if ((after[key] ?? null) === null && before[key] !== null) patch[key] = null;
  }
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined || value === null || sameJson(before[key] ?? null, value)) continue;
    const previous = before[key];
    patch[key] = isObject(previous) && isObject(value) ? createMergePatch(previous, value) : value;
  }
  return patch;
}
