import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { createTranslator, detectLanguage, translateMessage } from './translate';

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

  it('fills in parameters, writing numbers the language’s way', () => {
    expect(createTranslator('en')('header.signedInAs', { name: 'alice' })).toBe('Signed in as alice');
    expect(createTranslator('en')('fieldError.pictureSide', { max_px: 8000 })).toBe('That picture is larger than 8,000 pixels on a side. Choose a smaller one.');
    expect(createTranslator('es')('fieldError.pictureSide', { max_px: 8000 })).toBe('Esa imagen mide más de 8000 píxeles por lado. Elige una más pequeña.');
    expect(createTranslator('es')('fieldError.pictureMegapixels', { max_mp: 12345 })).toBe('Esa imagen tiene más de 12.345 megapíxeles. Elige una más pequeña.');
  });

  it('translates backend messages by key, with their parameters', () => {
    const t = createTranslator('es');
    expect(translateMessage({ key: 'fieldError.inUse' }, t)).toBe('Otra cuenta ya lo usa. Elige uno distinto.');
    expect(translateMessage({ key: 'fieldError.tooLong', params: { max: 150 } }, t)).toBe('Este texto es demasiado largo. Acórtalo a 150 caracteres como máximo.');
    expect(translateMessage({ key: 'fieldError.range', params: { min: 1, max: 240 } }, t)).toBe('Escribe un número de minutos entre 1 y 240.');
    expect(translateMessage({ key: 'error.wrongCredentials' }, t)).toBe('Correo o contraseña incorrectos.');
    expect(translateMessage({ key: 'fieldError.notCorrect' }, createTranslator('en'))).toBe('This password is not correct. Check it and try again.');
  });

  it('says a message in the words of its field when it has them, otherwise in the general ones', () => {
    const required = { key: 'fieldError.required' };
    expect(translateMessage(required, createTranslator('en'), 'current_password')).toBe('Enter your current password.');
    expect(translateMessage(required, createTranslator('es'), 'login')).toBe('Escribe tu correo o nombre de usuario.');
    expect(translateMessage(required, createTranslator('en'), 'server_url')).toBe('This field cannot be empty. Fill it in.');
    expect(translateMessage(required, createTranslator('en'))).toBe('This field cannot be empty. Fill it in.');
  });

  it('gives nothing for a key this build does not know', () => {
    const t = createTranslator('es');
    expect(translateMessage({ key: 'fieldError.fromANewerBackend' }, t)).toBeUndefined();
    expect(translateMessage({ key: 'toString' }, t)).toBeUndefined();
    expect(translateMessage({ key: '__proto__' }, t)).toBeUndefined();
  });
});
