import { memo, type KeyboardEvent } from 'react';
import type { SavedPasswordSummary } from '../api/client';
import { MenuButton, type MenuItem } from '../components/MenuButton';
import { useI18n } from '../i18n';
import { entryDisplayName } from './displayName';
import { MaskedPassword } from './MaskedPassword';

/** Every row is this tall (px): the virtual list places rows without measuring them. */
export const ROW_HEIGHT = 60;

/** A row's controls, in Tab order: the row's own button, Copy and the menu's trigger. */
export type RowPart = 'main' | 'copy' | 'more';

/** How each part is found in a row (the menu's trigger is the row's only menu button). */
export const ROW_PART_SELECTOR: Readonly<Record<RowPart, string>> = {
  main: '[data-row-part="main"]',
  copy: '[data-row-part="copy"]',
  more: '[aria-haspopup="menu"]',
};

/** Which part of a row the element is, if any. */
export function rowPartOf(element: Element): RowPart | null {
  return (Object.keys(ROW_PART_SELECTOR) as RowPart[]).find((part) => element.matches(ROW_PART_SELECTOR[part])) ?? null;
}

export interface SavedPasswordRowHandlers {
  /** The arrow keys reached the row: it becomes the selected one. */
  onSelect: (entry: SavedPasswordSummary) => void;
  /** A click (or Space) on the row. */
  onChoose: (entry: SavedPasswordSummary) => void;
  /** Enter on the row: show its details and move there. */
  onOpen: (entry: SavedPasswordSummary) => void;
  onToggleReveal: (id: number) => void;
  onCopy: (id: number) => void;
  onEdit: (entry: SavedPasswordSummary) => void;
  onDelete: (entry: SavedPasswordSummary) => void;
}

export interface SavedPasswordRowProps extends SavedPasswordRowHandlers {
  entry: SavedPasswordSummary;
  /** The password while it is shown; undefined while it is masked. */
  revealed: string | undefined;
  selected: boolean;
  /** Whether the row's controls are in the Tab order (one row of the list is). */
  tabbable: boolean;
  /** Position in the whole list (0-based) and its length, for aria-posinset/setsize. */
  index: number;
  count: number;
  /** Offset from the list's top (px). */
  top: number;
}

/**
 * One saved password: its name (or host), username and URL in one button
 * that selects it, the masked or shown password in a fixed-width column,
 * Copy, and the other actions in a menu. A damaged one says so and can only
 * be deleted. Memoised: a row renders again only when its own props change.
 */
export const SavedPasswordRow = memo(function SavedPasswordRow(props: SavedPasswordRowProps) {
  const { entry, revealed, selected, tabbable, index, count, top } = props;
  const { onChoose, onOpen, onToggleReveal, onCopy, onEdit, onDelete } = props;
  const { t } = useI18n();
  const name = entry.damaged ? t('vault.damagedName', { id: entry.id }) : entryDisplayName(entry);
  const shown = revealed !== undefined;
  const tabIndex = tabbable ? 0 : -1;

  const remove: MenuItem = { id: 'delete', label: t('vault.delete'), onSelect: () => onDelete(entry), danger: true };
  const items: readonly MenuItem[] = entry.damaged
    ? [remove]
    : [
        { id: 'reveal', label: t(shown ? 'vault.hidePassword' : 'vault.showPassword'), onSelect: () => onToggleReveal(entry.id) },
        { id: 'edit', label: t('vault.edit'), onSelect: () => onEdit(entry) },
        remove,
      ];

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onOpen(entry);
  };

  return (
    <div
      role="listitem"
      aria-setsize={count}
      aria-posinset={index + 1}
      data-index={index}
      data-entry-id={entry.id}
      className={['entry', entry.damaged ? 'entry--damaged' : '', selected ? 'entry--selected' : ''].filter(Boolean).join(' ')}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <button
        type="button"
        className="entry__main"
        data-row-part="main"
        aria-current={selected ? 'true' : undefined}
        tabIndex={tabIndex}
        onClick={() => onChoose(entry)}
        onKeyDown={onKeyDown}
      >
        {/* Its name is what it shows; the hidden commas make it read "Bank, ana, https://…". */}
        <span className="entry__name" title={name}>
          {name}
        </span>
        <span className="visually-hidden">, </span>
        {entry.damaged ? (
          <span className="entry__sub">{t('vault.damagedShort')}</span>
        ) : (
          <span className="entry__sub">
            {entry.username !== '' && (
              <>
                <span className="entry__user" title={entry.username}>
                  {entry.username}
                </span>
                <span className="visually-hidden">, </span>
              </>
            )}
            <span className="entry__url" title={entry.url}>
              {entry.url}
            </span>
          </span>
        )}
      </button>
      {!entry.damaged && (
        <>
          <MaskedPassword className="entry__password" revealed={revealed} />
          <button
            type="button"
            className="button button--secondary button--small entry__copy"
            data-row-part="copy"
            aria-label={t('vault.copyFor', { name })}
            tabIndex={tabIndex}
            onClick={() => onCopy(entry.id)}
          >
            {t('vault.copy')}
          </button>
        </>
      )}
      <MenuButton className="row-menu-button entry__more" label={t('vault.moreFor', { name })} items={items} tabIndex={tabIndex}>
        ⋯
      </MenuButton>
    </div>
  );
});
