/**
 * Canonical JSON: object keys sorted, no insignificant white space, so that equal data always
 * serialises to equal text and can be hashed (plan versions, and later the audit chain).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    // No prototype: a key named __proto__ must be kept as data, not set the object's prototype
    // (which would drop it from the encoding and let a tampered value hash the same).
    const sorted = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(source).sort()) {
      const item = source[key];
      if (item !== undefined) sorted[key] = sortKeys(item);
    }
    return sorted;
  }
  return value;
}
