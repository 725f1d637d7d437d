import { useState } from 'react';
import { copyText, svgDataUrl } from './qrImage';

interface JoinLinkProps {
  /** What the link is for, e.g. "Join link" or "Observer link". */
  label: string;
  url: string;
  qrSvg: string;
  /** Large: the facilitator projects it for the room. */
  size: 'large' | 'small';
  /** Shown under the link. */
  note?: string;
}

/** A join link as the room needs it: readable from afar, one click to copy, and its QR code. */
export function JoinLink({ label, url, qrSvg, size, note }: JoinLinkProps): React.JSX.Element {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async (): Promise<void> => {
    setCopied((await copyText(url)) ? 'yes' : 'no');
    setTimeout(() => setCopied(null), 2500);
  };
  return (
    <div className={`join-link join-link-${size}`} data-testid={size === 'large' ? 'join-link' : 'observer-link'}>
      <img className="join-qr" src={svgDataUrl(qrSvg)} alt={`QR code of the ${label.toLowerCase()}`} width={size === 'large' ? 220 : 96} height={size === 'large' ? 220 : 96} />
      <div className="join-text">
        <div className="join-label">{label}</div>
        <output className="join-url" aria-label={label}>
          {url}
        </output>
        <div className="join-actions">
          <button type="button" className={size === 'large' ? 'primary' : undefined} onClick={() => void copy()}>
            {size === 'large' ? 'Copy join link' : 'Copy observer link'}
          </button>
          <span role="status" className="muted small">
            {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'The browser refused: select the link and copy it.' : ''}
          </span>
        </div>
        {note && <p className="muted small">{note}</p>}
      </div>
    </div>
  );
}
