import { renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from '../api/errors';
import { BACKEND_KEYS, type BackendKey } from './backendKeys';
import { en, type MessageKey } from './en';
import { es } from './es';
import { I18nProvider, useI18n } from './I18nProvider';

// tsc fails here if the backend can send a key the dictionaries lack.
const keys: readonly MessageKey[] = Object.keys(BACKEND_KEYS) as BackendKey[];

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the backend catalogue (generated from backend/apperr/keys.go)', () => {
  it('is not empty', () => {
    expect(keys.length).toBeGreaterThan(50);
    expect(keys).toContain('fieldError.required');
  });

  it('has an English and a Spanish text for every key, with exactly its parameters', () => {
    const problems: string[] = [];
    for (const key of keys) {
      const params = [...BACKEND_KEYS[key as BackendKey]].sort();
      for (const [language, dictionary] of [['en', en], ['es', es]] as const) {
        const text: string | undefined = dictionary[key];
        if (!text) problems.push(`${language}: ${key} has no text`);
        else if (placeholders(text).join() !== params.join())
          problems.push(`${language}: ${key} uses {${placeholders(text).join('}, {')}}, the backend sends {${params.join('}, {')}}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('error codes', () => {
  it('each have a Spanish text for a key this build does not know', () => {
    const wrapper = ({ children }: { children: ReactNode }) => createElement(I18nProvider, { language: 'es', children });
    const { result } = renderHook(() => useI18n(), { wrapper });
    const texts = ERROR_CODES.map((code) => result.current.errorMessage(new AppError(code, { key: 'error.fromANewerBackend' })));
    expect(texts.filter((text) => text.includes('error.'))).toEqual([]);
    expect(new Set(texts).size).toBe(ERROR_CODES.length);
  });
});
