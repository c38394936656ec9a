import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { createTranslator, detectLanguage, translateBackendMessage } from './translate';

describe('i18n', () => {
  it('picks Spanish for any Spanish locale and English otherwise', () => {
    expect(detectLanguage({ language: 'es-MX' })).toBe('es');
    expect(detectLanguage({ languages: ['fr-FR', 'es'], language: 'fr-FR' })).toBe('es');
    expect(detectLanguage({ language: 'en-GB' })).toBe('en');
    expect(detectLanguage({ language: 'de-DE' })).toBe('en');
    expect(detectLanguage({})).toBe('en');
  });

  it('has a Spanish text for every English key, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(es[key], key).not.toBe('');
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills in parameters', () => {
    expect(createTranslator('en')('header.signedInAs', { name: 'alice' })).toBe('Signed in as alice');
  });

  it('translates the backend messages it knows, with their numbers', () => {
    const t = createTranslator('es');
    expect(translateBackendMessage('already in use', t)).toBe('ya está en uso');
    expect(translateBackendMessage('must be at most 150 characters', t)).toBe('debe tener como máximo 150 caracteres');
    expect(translateBackendMessage('must be at least 8 characters', t)).toBe('debe tener al menos 8 caracteres');
    expect(translateBackendMessage('must be between 1 and 240 minutes', t)).toBe('debe estar entre 1 y 240 minutos');
    expect(translateBackendMessage('Wrong email or password.', t)).toBe('Correo o contraseña incorrectos.');
    expect(translateBackendMessage('is not correct', createTranslator('en'))).toBe('is not correct');
  });

  it('translates the saved-password and generator messages', () => {
    const t = createTranslator('es');
    expect(translateBackendMessage('must be a valid http or https address', t)).toBe(
      'debe ser una dirección http o https válida',
    );
    expect(translateBackendMessage('must be between 4 and 128', t)).toBe('debe estar entre 4 y 128');
    expect(translateBackendMessage('must be at most 200 characters', t)).toBe('debe tener como máximo 200 caracteres');
    expect(translateBackendMessage('choose at least one kind of character', t)).toBe('elige al menos un tipo de carácter');
    expect(translateBackendMessage('is too short to hold every chosen kind of character', t)).toBe(
      'es demasiado corta para incluir cada tipo de carácter elegido',
    );
    expect(translateBackendMessage('This saved password no longer exists.', t)).toBe(
      'Esta contraseña guardada ya no existe.',
    );
  });

  it('falls back to the backend text for messages it does not know', () => {
    expect(translateBackendMessage('the moon is full', createTranslator('es'))).toBe('the moon is full');
  });
});
