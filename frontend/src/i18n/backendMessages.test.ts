/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from '../api/errors';
import { I18nProvider, useI18n } from './I18nProvider';
import { createTranslator, translateBackendMessage } from './translate';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../backend');

/** The Go packages' sources (the contract test server's Spanish texts are the remote's, never shown). */
function goSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'testdata' || name === 'remotetest' ? [] : goSources(full);
    return name.endsWith('.go') && !name.endsWith('_test.go') ? [full] : [];
  });
}

// Every literal message the Go side can put in an error for the UI:
// apperr.Field/New/FieldErrors messages, validation results, Check(…).
const PATTERNS = [
  /apperr\.Field\(\s*"[^"]*",\s*"([^"]+)"/g,
  /apperr\.New\(\s*apperr\.\w+,\s*"([^"]+)"/g,
  /\.Check\(\s*"[^"]*",\s*"([^"]+)"/g,
  /\bMsg\w+\s*=\s*"([^"]+)"/g,
  /\bmsg\w+\s*=\s*"([^"]+)"/g,
  /fields\["[^"]*"\]\s*=\s*"([^"]+)"/g,
];

// Literals ending in a space are the start of a message built with numbers
// or a list; each needs a whole example here to be checked.
const COMPLETED: Readonly<Record<string, string>> = {
  'must be between ': 'must be between 1 and 240 minutes',
  'must be at most ': 'must be at most 200 characters',
  'must be at least ': 'must be at least 8 characters',
  'must be one of ': 'must be one of system, light, dark',
};

function backendMessages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of goSources(BACKEND)) {
    const text = readFileSync(file, 'utf8');
    const name = path.relative(BACKEND, file);
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) found.set(match[1]!, name);
    }
    if (name.startsWith('validate/')) {
      for (const match of text.matchAll(/return "([^"]+)"/g)) found.set(match[1]!, name);
    }
  }
  return found;
}

describe('backend messages', () => {
  const messages = backendMessages();

  it('are found in the Go sources (the scan itself works)', () => {
    expect(messages.size).toBeGreaterThan(30);
    expect(messages.has('is required')).toBe(true);
  });

  it('each have a Spanish text', () => {
    const es = createTranslator('es');
    const untranslated = [...messages]
      .map(([message, file]): [string, string] => [message.endsWith(' ') ? (COMPLETED[message] ?? message) : message, file])
      .filter(([message]) => translateBackendMessage(message, es) === message);
    expect(untranslated.map(([message, file]) => `${file}: "${message}"`)).toEqual([]);
  });
});

describe('error codes', () => {
  it('each have a Spanish text for a message the UI does not know', () => {
    const wrapper = ({ children }: { children: ReactNode }) => createElement(I18nProvider, { language: 'es', children });
    const { result } = renderHook(() => useI18n(), { wrapper });
    const texts = ERROR_CODES.map((code) => result.current.errorMessage(new AppError(code, 'A message this build has never seen.')));
    expect(texts.filter((text) => text === 'A message this build has never seen.')).toEqual([]);
    expect(new Set(texts).size).toBe(ERROR_CODES.length);
  });
});
