import type { ReactNode } from 'react';
import { useBurden } from './burdenStore';

interface SectionProps {
  id: string;
  title: string;
  /** One line shown next to the title, also when the section is closed. */
  note?: ReactNode;
  defaultOpen?: boolean;
  children: ReactNode;
}

/** A disclosure section of the burden panel; its content renders only while open. */
export function Section({ id, title, note, defaultOpen = false, children }: SectionProps): React.JSX.Element {
  const open = useBurden((state) => state.open[id] ?? defaultOpen);
  const setOpen = useBurden((state) => state.setOpen);
  return (
    <details
      className="burden-section"
      open={open}
      data-section={id}
      onToggle={(event) => {
        const next = event.currentTarget.open;
        if (next !== open) setOpen(id, next);
      }}
    >
      <summary>
        <span className="burden-section-title">{title}</span>
        {note && <span className="burden-section-note">{note}</span>}
      </summary>
      {open && <div className="burden-section-body">{children}</div>}
    </details>
  );
}
