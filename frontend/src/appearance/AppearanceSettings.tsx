import { useId, useState } from 'react';
import type { AppError, LanguageChoice, ThemeChoice } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { useI18n, type MessageKey, type TranslateFn } from '../i18n';
import { useTransientNotice } from '../components/useTransientNotice';
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

interface ChoiceSelectProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; text: string; lang?: string }[];
  onChange: (value: T) => void;
}

/** A labelled select over a fixed set of choices. */
function ChoiceSelect<T extends string>({ label, value, options, onChange }: ChoiceSelectProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field__input" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.text}
          </option>
        ))}
      </select>
    </div>
  );
}

type Applied = { setting: 'theme'; value: ThemeChoice } | { setting: 'language'; value: LanguageChoice };

function themeName(value: ThemeChoice, t: TranslateFn): string {
  return t(THEMES.find((theme) => theme.value === value)?.label ?? 'appearance.themeSystem');
}

function languageName(value: LanguageChoice, t: TranslateFn): string {
  const language = LANGUAGES.find((choice) => choice.value === value);
  return language?.label ? t(language.label) : (language?.name ?? value);
}

/**
 * Theme and language pickers; each change is saved and applied at once, and
 * a notice says what changed (in the language now in use).
 */
export function AppearanceSettings({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const { appearance, change } = useAppearance();
  const [error, setError] = useState<AppError | null>(null);
  const { notice, show, clear } = useTransientNotice<Applied>();

  const save = (next: typeof appearance, applied: Applied) => {
    setError(null);
    clear();
    change(next).then(
      () => show(applied),
      (reason: AppError) => setError(reason),
    );
  };

  return (
    <div className={compact ? 'appearance appearance--compact' : 'appearance'}>
      <FormAlert error={error} />
      <ChoiceSelect
        label={t('appearance.theme')}
        value={appearance.theme}
        options={THEMES.map(({ value }) => ({ value, text: themeName(value, t) }))}
        onChange={(theme) => save({ ...appearance, theme }, { setting: 'theme', value: theme })}
      />
      <ChoiceSelect
        label={t('appearance.language')}
        value={appearance.language}
        options={LANGUAGES.map(({ value, lang }) => ({ value, text: languageName(value, t), lang }))}
        onChange={(language) => save({ ...appearance, language }, { setting: 'language', value: language })}
      />
      <div className="status-text status-text--line">
        {notice && (
          <p role="status">
            {notice.setting === 'theme'
              ? t('appearance.themeChanged', { name: themeName(notice.value, t) })
              : t('appearance.languageChanged', { name: languageName(notice.value, t) })}
          </p>
        )}
      </div>
    </div>
  );
}
