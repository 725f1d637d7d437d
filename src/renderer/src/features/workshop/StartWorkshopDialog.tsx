import { useState } from 'react';
import { contract } from '../../../../shared/api/contract';
import { errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useWorkshop } from '../../store/workshopStore';
import { Modal } from '../app/Modal';
import { JoinLink } from './JoinLink';
import { startWorkshop } from './workshopActions';

const BindSchema = contract['workshop:start'].input.shape.bind.unwrap();

/**
 * "Start workshop": choose where the room reaches this computer, open it, and show the join link
 * big enough to project, with its QR code and the observer link. Reopened on an open workshop, it
 * shows the links again.
 */
export function StartWorkshopDialog({ processId, onClose }: { processId: string; onClose: () => void }): React.JSX.Element {
  const info = useWorkshop((state) => state.info);
  const [choice, setChoice] = useState<'auto' | 'address'>('auto');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [projecting, setProjecting] = useState(false);

  const start = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    let bind: string | undefined;
    if (choice === 'address') {
      const parsed = BindSchema.safeParse(address.trim());
      if (!parsed.success) {
        setError('Type an IP address of this computer, e.g. 192.168.1.20 (IPv4) or fd00::20 (IPv6).');
        return;
      }
      bind = parsed.data;
    }
    setBusy(true);
    setError(null);
    try {
      await startWorkshop(processId, bind);
      useEditor.getState().notify('The workshop is open: share the join link.');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  if (info) {
    return (
      <Modal title="The room is open" onClose={onClose} className={`workshop-dialog${projecting ? ' projecting' : ''}`}>
        <p className="join-intro">
          Everyone opens the link (or scans the code) on their own laptop or phone, gives a name and department, and sees <strong>{info.processName}</strong> live.
        </p>
        <JoinLink label="Join link" url={info.joinUrl} qrSvg={info.joinQrSvg} size="large" />
        {!projecting && (
          <JoinLink
            label="Observer link"
            url={info.observerUrl}
            qrSvg={info.observerQrSvg}
            size="small"
            note="Read-only: for a projector or a manager following from elsewhere. Observers cannot vote or comment."
          />
        )}
        {!projecting && !info.tls && (
          <p className="muted small">
            Plain HTTP: anyone on this network can read what the room sees. The link works until you end the workshop.
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={() => setProjecting((on) => !on)} aria-pressed={projecting}>
            {projecting ? 'Smaller' : 'Show full size'}
          </button>
          <button type="button" className="primary" onClick={onClose} autoFocus>
            Done
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Start a live workshop" onClose={onClose} className="workshop-dialog">
      <p className="muted">
        Opens this process to the room: each person joins from their own browser, says which fields they fill and read, votes and challenges — you keep
        editing. Everything they do is saved with the workshop.
      </p>
      <form onSubmit={(event) => void start(event)} noValidate>
        <fieldset className="address-choice">
          <legend>Where the room reaches this computer</legend>
          <label className="radio">
            <input type="radio" name="bind" checked={choice === 'auto'} onChange={() => setChoice('auto')} />
            <span>
              <strong>This computer’s network address</strong> <span className="muted">(recommended)</span>
            </span>
          </label>
          <label className="radio">
            <input type="radio" name="bind" checked={choice === 'address'} onChange={() => setChoice('address')} />
            <span>
              <strong>Another address</strong>
            </span>
          </label>
          {choice === 'address' && (
            <label className="address-input">
              IP address
              <input
                value={address}
                onChange={(event) => setAddress(event.target.value)}
                placeholder="e.g. 192.168.1.20"
                aria-invalid={error !== null}
                aria-describedby="bind-hint"
                autoFocus
                spellCheck={false}
              />
              <span id="bind-hint" className="hint">
                An address of this computer that the room’s laptops can reach (a second network card, a hotspot).
              </span>
            </label>
          )}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Opening…' : 'Open the room'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
