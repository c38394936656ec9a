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

  it('translates every reason the backend gives for refusing a picture', () => {
    const es = createTranslator('es');
    const en = createTranslator('en');
    const reasons: Record<string, string> = {
      'is empty': 'está vacía',
      'is larger than 10 MiB': 'pesa más de 10 MiB',
      'is not a supported image (use JPEG, PNG, GIF, WebP or BMP)':
        'no tiene un formato compatible (usa JPEG, PNG, GIF, WebP o BMP)',
      'is larger than 8000 pixels a side': 'mide más de 8000 píxeles por lado',
      'has more than 40 megapixels': 'tiene más de 40 megapíxeles',
      'could not be read': 'no se pudo leer',
    };
    for (const [backend, spanish] of Object.entries(reasons)) {
      expect(translateBackendMessage(backend, es)).toBe(spanish);
      expect(translateBackendMessage(backend, en)).toBe(backend);
    }
  });

  it('falls back to the backend text for messages it does not know', () => {
    expect(translateBackendMessage('the moon is full', createTranslator('es'))).toBe('the moon is full');
  });
});
