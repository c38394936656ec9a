import { useId, useState } from 'react';
import type { AppError, LanguageChoice, ThemeChoice } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { useI18n, type MessageKey } from '../i18n';
import { useAppearance } from './AppearanceProvider';

const THEMES: readonly { value: ThemeChoice; label: MessageKey }[] = [
  { value: 'system', label: 'appearance.themeSystem' },
  { value: 'light', label: 'appearance.themeLight' },
  { value: 'dark', label: 'appearance.themeDark' },
];

// Language names are written in their own language, so anyone can find theirs.
const LANGUAGES: readonly { value: LanguageChoice; label: MessageKey | null; name?: string; lang?: string }[] = [
  { value: 'system', label: 'appearance.languageSystem' },
  { value: 'en', label: null, name: 'English', lang: 'en' },
  { value: 'es', label: null, name: 'Español', lang: 'es' },
];

/** Theme and language pickers; each change is saved and applied at once. */
export function AppearanceSettings({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const { appearance, change } = useAppearance();
  const [error, setError] = useState<AppError | null>(null);
  const themeId = useId();
  const languageId = useId();

  const save = (next: typeof appearance) => {
    setError(null);
    change(next).catch((reason: AppError) => setError(reason));
  };

  return (
    <div className={compact ? 'appearance appearance--compact' : 'appearance'}>
      <FormAlert error={error} />
      <div className="field">
        <label className="field__label" htmlFor={themeId}>
          {t('appearance.theme')}
        </label>
        <select
          id={themeId}
          className="field__input"
          value={appearance.theme}
          onChange={(e) => save({ ...appearance, theme: e.target.value as ThemeChoice })}
        >
          {THEMES.map(({ value, label }) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={languageId}>
          {t('appearance.language')}
        </label>
        <select
          id={languageId}
          className="field__input"
          value={appearance.language}
          onChange={(e) => save({ ...appearance, language: e.target.value as LanguageChoice })}
        >
          {LANGUAGES.map(({ value, label, name, lang }) => (
            <option key={value} value={value} lang={lang}>
              {label ? t(label) : name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
