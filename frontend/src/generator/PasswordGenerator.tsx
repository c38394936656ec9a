import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import {
  AppError,
  generatePassword,
  generatorPresets,
  toAppError,
  type GeneratedPassword,
  type GeneratorOptions,
  type GeneratorPresets,
} from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { TextField } from '../components/TextField';
import { useSubmit } from '../components/useSubmit';
import { useI18n, type MessageKey } from '../i18n';
import { STRENGTH_LABELS, strengthLevel } from './strength';

export const MIN_LENGTH = 4;
export const MAX_LENGTH = 128;

type Toggle = Exclude<keyof GeneratorOptions, 'length'>;
/** The options as the controls hold them: the length as typed. */
type Draft = Omit<GeneratorOptions, 'length'> & { length: string };

interface Checkbox {
  name: Toggle;
  label: MessageKey;
}

/** The kinds of characters ("classes"): at least one must be chosen. */
const CLASSES: readonly Checkbox[] = [
  { name: 'lower', label: 'generator.lower' },
  { name: 'upper', label: 'generator.upper' },
  { name: 'digits', label: 'generator.digits' },
  { name: 'symbols', label: 'generator.symbols' },
];
const LOOKALIKES: Checkbox = { name: 'exclude_lookalikes', label: 'generator.lookalikes' };

const toDraft = (options: GeneratorOptions): Draft => ({ ...options, length: String(options.length) });

const isPreset = (draft: Draft | null, preset: GeneratorOptions): boolean =>
  draft !== null && (Object.keys(preset) as (keyof GeneratorOptions)[]).every((key) => String(draft[key]) === String(preset[key]));

/** The presets in the order they are offered: the strong one first, the web service's 10 characters second. */
const PRESETS = [
  { name: 'strong', label: 'generator.presetStrong' },
  { name: 'standard', label: 'generator.presetService' },
] as const satisfies readonly { name: keyof GeneratorPresets; label: MessageKey }[];

export interface PasswordGeneratorProps {
  /** A new password was generated: put it in the password field. */
  onGenerate: (result: GeneratedPassword) => void;
  /** The entropy of the last generated password while the field still holds it; null otherwise. */
  strengthBits: number | null;
  /** Whether the settings start unfolded (they fold away under their title). */
  defaultOpen: boolean;
}

/**
 * Length and character choices for the backend's generator, under a title
 * that folds them away; starts from the strong preset and offers the web
 * service's own (10 characters) second.
 */
export function PasswordGenerator({ onGenerate, strengthBits, defaultOpen }: PasswordGeneratorProps) {
  const { t, fieldMessage } = useI18n();
  const classesId = useId();
  const classesErrorId = useId();
  const bodyId = useId();
  const presetsId = useId();
  const [open, setOpen] = useState(defaultOpen);
  const [presets, setPresets] = useState<GeneratorPresets | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const submit = useSubmit(async (options: GeneratorOptions) => onGenerate(await generatePassword(options)));

  useEffect(() => {
    let cancelled = false;
    generatorPresets().then(
      (loaded) => {
        if (cancelled) return;
        setPresets(loaded);
        setDraft(toDraft(loaded.strong));
      },
      (reason: unknown) => {
        if (!cancelled) setLoadError(toAppError(reason));
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const update = (change: Partial<Draft>, field: 'length' | 'classes') => {
    setDraft((current) => current && { ...current, ...change });
    submit.clearFieldError(field);
  };

  const generate = () => {
    if (!draft) return;
    const text = draft.length.trim();
    const length = Number(text);
    if (text === '' || !Number.isInteger(length)) {
      const key = text === '' ? 'fieldError.required' : 'fieldError.wholeNumber';
      submit.fail(new AppError('invalid', { key: 'error.fieldsInvalid' }, { length: { key } }));
      return;
    }
    void submit.run({ ...draft, length });
  };

  const applyPreset = (preset: GeneratorOptions) => {
    setDraft(toDraft(preset));
    submit.clearFieldError('length');
    submit.clearFieldError('classes');
  };

  // Enter in the length field generates instead of submitting the surrounding form.
  const onLengthKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    generate();
  };

  const checkbox = ({ name, label }: Checkbox, field: 'length' | 'classes') => (
    <label className="check" key={name}>
      <input
        type="checkbox"
        name={name}
        checked={draft?.[name] ?? false}
        onChange={(e) => update({ [name]: e.target.checked }, field)}
      />
      <span>{t(label)}</span>
    </label>
  );

  const classesError = fieldMessage(submit.fieldErrors.classes);
  const { formError } = submit;
  const level = strengthBits === null ? null : strengthLevel(strengthBits);

  return (
    <fieldset className="generator" disabled={draft === null} aria-busy={draft === null && !loadError ? true : undefined}>
      <legend className="generator__title">
        {/* In the legend, so it stays usable while the fieldset waits for the presets. */}
        <button
          type="button"
          className="generator__toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((shown) => !shown)}
        >
          <span className="generator__chevron" aria-hidden="true" />
          {t('generator.title')}
        </button>
      </legend>
      <div className="generator__body" id={bodyId} hidden={!open}>
        <FormAlert error={loadError ?? formError} />
        <div className="generator__row">
          <TextField
            className="generator__length"
            label={t('generator.length')}
            name="length"
            type="number"
            inputMode="numeric"
            min={MIN_LENGTH}
            max={MAX_LENGTH}
            step={1}
            value={draft?.length ?? ''}
            onChange={(e) => update({ length: e.target.value }, 'length')}
            onKeyDown={onLengthKeyDown}
            error={fieldMessage(submit.fieldErrors.length)}
          />
          {presets && (
            <div className="generator__presets" role="group" aria-labelledby={presetsId}>
              <span id={presetsId} className="generator__label">
                {t('generator.presets')}
              </span>
              <div className="generator__preset-buttons">
                {PRESETS.map(({ name, label }) => (
                  <button
                    key={name}
                    type="button"
                    className="button button--secondary button--small generator__preset"
                    aria-pressed={isPreset(draft, presets[name])}
                    onClick={() => applyPreset(presets[name])}
                  >
                    {t(label, { length: presets[name].length })}
                  </button>
                ))}
              </div>
            </div>
          )}
        </div>
        <div
          className="generator__classes"
          role="group"
          aria-labelledby={classesId}
          aria-describedby={classesError ? classesErrorId : undefined}
        >
          <span id={classesId} className="generator__label">
            {t('generator.kinds')}
          </span>
          <div className="generator__checks">{CLASSES.map((item) => checkbox(item, 'classes'))}</div>
          {classesError && (
            <p className="field__error" id={classesErrorId}>
              {classesError}
            </p>
          )}
        </div>
        {checkbox(LOOKALIKES, 'classes')}
        <div className="form__actions">
          <button type="button" className="button button--secondary" onClick={generate} aria-busy={submit.busy || undefined}>
            {t('generator.generate')}
          </button>
        </div>
        <p className="generator__strength" role="status">
          {strengthBits !== null && level !== null && (
            <>
              {t('generator.strength', { bits: Math.round(strengthBits) })}{' '}
              <span className={`strength strength--${level}`}>{t(STRENGTH_LABELS[level])}</span>
            </>
          )}
        </p>
      </div>
    </fieldset>
  );
}
