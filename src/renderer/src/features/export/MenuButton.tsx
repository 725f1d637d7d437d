import { useCallback, useEffect, useId, useRef, useState } from 'react';

/** One entry of a menu: a command, optionally disabled with the reason in its tooltip. */
export interface MenuItem {
  id: string;
  label: string;
  onSelect: () => void;
  /** Why the item cannot be used now; the item is disabled when set. */
  disabledReason?: string;
  /** Keyboard shortcut shown beside the label, e.g. "Ctrl+P". */
  shortcut?: string;
  /** Draws a separator above the item. */
  separator?: boolean;
}

interface MenuButtonProps {
  label: string;
  items: readonly MenuItem[];
  /** Changes whenever someone asks to open the menu from the keyboard (a shortcut). */
  openRequest?: number;
  title?: string;
}

/**
 * A menu button following the WAI-ARIA pattern: Enter, Space or ↓ opens it on the first item,
 * ↑ on the last; arrows, Home and End move; Escape or Tab closes it and focus returns to the button.
 */
export function MenuButton({ label, items, openRequest = 0, title }: MenuButtonProps): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const enabled = items.map((item, index) => (item.disabledReason ? -1 : index)).filter((index) => index >= 0);

  const openAt = useCallback(
    (which: 'first' | 'last') => {
      const usable = items.map((item, index) => (item.disabledReason ? -1 : index)).filter((index) => index >= 0);
      setActive((which === 'first' ? usable[0] : usable[usable.length - 1]) ?? 0);
      setOpen(true);
    },
    [items],
  );

  // Items are rebuilt on every parent render; only a new request may open the menu.
  const handledRequest = useRef(openRequest);
  useEffect(() => {
    if (openRequest === handledRequest.current) return;
    handledRequest.current = openRequest;
    openAt('first');
  }, [openRequest, openAt]);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const move = (step: number): void => {
    if (enabled.length === 0) return;
    const at = enabled.indexOf(active);
    setActive(enabled[(at + step + enabled.length) % enabled.length] ?? enabled[0] ?? 0);
  };

  const choose = (item: MenuItem): void => {
    if (item.disabledReason) return;
    close(true);
    item.onSelect();
  };

  return (
    <div className="menu-button">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title={title}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            openAt('first');
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            openAt('last');
          }
        }}
      >
        {label} ▾
      </button>
      {open && (
        <ul
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          className="menu"
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') move(1);
            else if (event.key === 'ArrowUp') move(-1);
            else if (event.key === 'Home') setActive(enabled[0] ?? 0);
            else if (event.key === 'End') setActive(enabled[enabled.length - 1] ?? 0);
            else if (event.key === 'Escape') close(true);
            else if (event.key === 'Tab') close(false);
            else return;
            if (event.key !== 'Tab') event.preventDefault();
            event.stopPropagation();
          }}
        >
          {items.map((item, index) => (
            <li
              key={item.id}
              role="menuitem"
              tabIndex={-1}
              data-index={index}
              aria-disabled={item.disabledReason ? true : undefined}
              className={`menu-item${item.separator ? ' menu-separator' : ''}`}
              title={item.disabledReason}
              onClick={() => choose(item)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  choose(item);
                }
              }}
              onMouseEnter={() => !item.disabledReason && setActive(index)}
            >
              <span>{item.label}</span>
              {item.shortcut && <kbd className="menu-shortcut">{item.shortcut}</kbd>}
              {item.disabledReason && <span className="menu-why">{item.disabledReason}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
