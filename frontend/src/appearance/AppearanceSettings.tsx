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

/** Theme and language pickers; each change is saved and applied at once. */
export function AppearanceSettings({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const { appearance, change } = useAppearance();
  const [error, setError] = useState<AppError | null>(null);

  const save = (next: typeof appearance) => {
    setError(null);
    change(next).catch((reason: AppError) => setError(reason));
  };

  return (
    <div className={compact ? 'appearance appearance--compact' : 'appearance'}>
      <FormAlert error={error} />
      <ChoiceSelect
        label={t('appearance.theme')}
        value={appearance.theme}
        options={THEMES.map(({ value, label }) => ({ value, text: t(label) }))}
        onChange={(theme) => save({ ...appearance, theme })}
      />
      <ChoiceSelect
        label={t('appearance.language')}
        value={appearance.language}
        options={LANGUAGES.map(({ value, label, name, lang }) => ({ value, text: label ? t(label) : (name ?? value), lang }))}
        onChange={(language) => save({ ...appearance, language })}
      />
    </div>
  );
}
