/** A nested value decoded from Stripe's form encoding (`a[b][0][c]=v`). */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

/**
 * Decodes a body or query string as the Stripe SDKs encode it (`application/x-www-form-urlencoded`,
 * bracketed keys, arrays as `[0]`, `[1]`…) into nested objects and arrays. Scalars stay strings,
 * as Stripe receives them.
 */
export function parseStripeForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!path) throw new Error(`Invalid parameter name: ${key}`);
    const segments = [path[1]!, ...[...path[2]!.matchAll(/\[([^[\]]*)\]/g)].map((match) => match[1]!)];
    let node: Record<string, FormValue> = root;
    for (const [index, segment] of segments.entries()) {
      if (index === segments.length - 1) {
        node[segment] = value;
        break;
      }
      const next = node[segment];
      if (next === undefined || typeof next === 'string') node[segment] = {};
      node = node[segment] as Record<string, FormValue>;
    }
  }
  return arraysOf(root) as Record<string, FormValue>;
}

/** Objects whose keys are 0…n-1 become arrays (`line_items[0][price]`). */
function arraysOf(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = Object.fromEntries(keys.map((key) => [key, arraysOf(value[key]!)]));
  const isList = keys.length > 0 && keys.every((key, index) => key === String(index));
  return isList ? keys.map((key) => entries[key]!) : entries;
}
