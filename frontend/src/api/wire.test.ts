import { describe, expect, it } from 'vitest';
import { each, flag, integer, list, number, object, omitted, oneOf, orNull, record, text, WireError } from './wire';

function failure(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof WireError) return error.message;
    throw error;
  }
  throw new Error('expected a WireError');
}

describe('bound result readers', () => {
  it('take each JSON type as it is, never converting', () => {
    expect(text('', 'r')).toBe('');
    expect(integer(0, 'r')).toBe(0);
    expect(number(1.5, 'r')).toBe(1.5);
    expect(flag(false, 'r')).toBe(false);
    expect(failure(() => text(7, 'r'))).toBe('r: expected a string, got a number');
    expect(failure(() => integer('7', 'r'))).toBe('r: expected an integer, got a string');
    expect(failure(() => integer(1.5, 'r'))).toBe('r: expected an integer, got a number');
    expect(failure(() => number(Number.NaN, 'r'))).toBe('r: expected a number, got NaN');
    expect(failure(() => flag(0, 'r'))).toBe('r: expected true or false, got a number');
    expect(failure(() => oneOf(['a', 'b'] as const)('c', 'r'))).toBe('r: expected one of a, b, got a string');
  });

  it('keep a Go nil pointer null, but refuse a missing one', () => {
    expect(orNull(text)(null, 'r')).toBeNull();
    expect(orNull(text)('x', 'r')).toBe('x');
    expect(failure(() => orNull(text)(undefined, 'r'))).toBe('r: expected a string, got nothing (the field is missing)');
  });

  it('read a nil slice or map as empty, and name the element that is wrong', () => {
    expect(list(integer)(null, 'r')).toEqual([]);
    expect(record(integer)(null, 'r')).toEqual({});
    expect(failure(() => list(integer)([1, 'two'], 'r'))).toBe('r.1: expected an integer, got a string');
    expect(failure(() => record(integer)({ a: true }, 'r'))).toBe('r.a: expected an integer, got a boolean');
    expect(failure(() => list(integer)({}, 'r'))).toBe('r: expected an array, got an object');
  });

  it('read a struct field by field: omitted stays absent, extra fields are dropped', () => {
    const read = object<{ id: number; tags: string[]; note?: string }>({ id: integer, tags: list(text), note: omitted(text) });
    expect(read({ id: 1, tags: [], secret: 'x' }, 'r')).toStrictEqual({ id: 1, tags: [] });
    expect(read({ id: 1, tags: ['a'], note: 'n' }, 'r')).toStrictEqual({ id: 1, tags: ['a'], note: 'n' });
    expect(failure(() => read({ id: 1, tags: [], note: null }, 'r'))).toBe('r.note: expected a string, got null');
    expect(failure(() => read({ tags: [] }, 'r'))).toBe('r.id: expected an integer, got nothing (the field is missing)');
    expect(failure(() => read([], 'r'))).toBe('r: expected an object, got an array');
  });

  it('give the same reader to each of a list of fields', () => {
    const read = object<{ a: string; b: string }>({ ...each(['a', 'b'] as const, text) });
    expect(read({ a: 'x', b: 'y' }, 'r')).toStrictEqual({ a: 'x', b: 'y' });
    expect(failure(() => read({ a: 'x' }, 'r'))).toBe('r.b: expected a string, got nothing (the field is missing)');
  });
});
