/**
 * Strict readers for what a bound Go method returns. Each reader takes the
 * decoded JSON and gives back the value typed as the UI uses it, or throws a
 * WireError naming the JSON path, what Go's type promises there and what
 * came instead. Nothing is filled in: a missing field is an error, never ''
 * or 0. The forms follow encoding/json:
 *   - a Go pointer (models.ts: `f?: T`) is sent as null when nil: orNull;
 *   - an `omitempty` field is left out when zero: omitted (it stays absent);
 *   - a Go slice is sent as null when nil: list reads that as [] (Go's nil
 *     slice is the empty list).
 * Imports nothing from wailsjs, so tests can use it freely.
 */

/** Reads the value at path (for messages only: "profile.first_name"). */
export type Reader<T> = (value: unknown, path: string) => T;

/** A bound result that is not of the shape Go's type promises. */
export class WireError extends Error {
  readonly path: string;

  constructor(path: string, expected: string, value: unknown) {
    // The value itself is never put in the message: it may be a password.
    super(`${path}: expected ${expected}, got ${describe(value)}`);
    this.name = 'WireError';
    this.path = path;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export const text: Reader<string> = (value, path) => {
  if (typeof value !== 'string') throw new WireError(path, 'a string', value);
  return value;
};

/** A Go float. */
export const number: Reader<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new WireError(path, 'a number', value);
  return value;
};

/** A Go int or uint. */
export const integer: Reader<number> = (value, path) => {
  if (!Number.isInteger(value)) throw new WireError(path, 'an integer', value);
  return value as number;
};

export const flag: Reader<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new WireError(path, 'true or false', value);
  return value;
};

/** A Go string that holds one of a few choices. */
export function oneOf<T extends string>(choices: readonly T[]): Reader<T> {
  return (value, path) => {
    if (!choices.includes(value as T)) throw new WireError(path, `one of ${choices.join(', ')}`, value);
    return value as T;
  };
}

/** A Go pointer: null when nil, but present. */
export function orNull<T>(read: Reader<T>): Reader<T | null> {
  return (value, path) => (value === null ? null : read(value, path));
}

/** An `omitempty` field: absent when zero, and then left absent. */
export function omitted<T>(read: Reader<T>): Reader<T | undefined> {
  return (value, path) => (value === undefined ? undefined : read(value, path));
}

/** A Go slice; null (a nil slice) is the empty list. */
export function list<T>(read: Reader<T>): Reader<T[]> {
  return (value, path) => {
    if (value === null) return [];
    if (!Array.isArray(value)) throw new WireError(path, 'an array', value);
    return value.map((item, i) => read(item, `${path}.${i}`));
  };
}

/** One reader per field of T, no more and no fewer. */
export type Fields<T> = { readonly [K in keyof T]-?: Reader<T[K]> };

/** The same reader for each of names: spread into the fields of object. */
export function each<K extends string, T>(names: readonly K[], read: Reader<T>): Record<K, Reader<T>> {
  return Object.fromEntries(names.map((name) => [name, read])) as Record<K, Reader<T>>;
}

/**
 * A Go struct: every field of T read from the JSON field of the same name.
 * Fields the JSON has and T has not are dropped (a summary never carries a
 * password, whatever the backend sends).
 */
export function object<T>(fields: Fields<T>): Reader<T> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WireError(path, 'an object', value);
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, read] of Object.entries(fields) as [string, Reader<unknown>][]) {
      // Only an omitted reader gives undefined: the field stays absent.
      const field = read(source[name], `${path}.${name}`);
      if (field !== undefined) out[name] = field;
    }
    return out as T;
  };
}

/** A Go map with string keys; null (a nil map) is the empty one. */
export function record<T>(read: Reader<T>): Reader<Record<string, T>> {
  return (value, path) => {
    if (value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new WireError(path, 'an object', value);
    const out: Record<string, T> = {};
    for (const [key, item] of Object.entries(value)) out[key] = read(item, `${path}.${key}`);
    return out;
  };
}
