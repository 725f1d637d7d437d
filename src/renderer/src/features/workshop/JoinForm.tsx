import { useEffect, useState } from 'react';
import type { Department } from '../../../../shared/model/schema';
import { call, errorMessage } from '../../api/client';
import { useWorkshop, type WhoAmI } from '../../store/workshopStore';

/**
 * The first thing a browser sees after opening the join link: a name and a department (from the
 * process's departments), so that everything the person does in the room is attributed.
 */
export function JoinForm({ whoami }: { whoami: WhoAmI }): React.JSX.Element {
  const workshop = whoami.workshop;
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [name, setName] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!workshop) return;
    let cancelled = false;
    call('process:open', { id: workshop.processId })
      .then((process) => {
        if (!cancelled) setDepartments(process.departments);
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(`Could not load the process: ${errorMessage(caught)}`);
      });
    return () => {
      cancelled = true;
    };
  }, [workshop]);

  const join = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!name.trim() || !departmentId) {
      setError('Give your name and choose your department: the room sees both next to what you say.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const participant = await call('workshop:profile', { name: name.trim(), departmentId });
      useWorkshop.getState().setWhoami({ ...whoami, participant, needsProfile: false });
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  const observer = whoami.role === 'observer';
  return (
    <main className="join-page">
      <form className="join-card" onSubmit={(event) => void join(event)} noValidate aria-labelledby="join-heading">
        <p className="join-kicker">Stagecraft live workshop</p>
        <h1 id="join-heading">{workshop?.processName ?? 'Workshop'}</h1>
        <p className="muted">
          {observer
            ? 'You are joining as an observer: you see the process live, read-only.'
            : 'You will see the process live, say which fields you fill and read, vote on them and ask questions. The facilitator edits the process.'}
        </p>
        <label>
          Your name
          <input value={name} maxLength={80} autoComplete="name" onChange={(event) => setName(event.target.value)} autoFocus />
        </label>
        <fieldset className="department-choice">
          <legend>Your department</legend>
          {departments === null && !error && <p className="muted small">Loading the departments…</p>}
          {departments?.map((department) => (
            <label key={department.id} className="department-option">
              <input type="radio" name="department" value={department.id} checked={departmentId === department.id} onChange={() => setDepartmentId(department.id)} />
              <span className="swatch" style={{ background: department.color }} aria-hidden="true" />
              {department.name}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary join-button" disabled={busy || departments === null}>
          {busy ? 'Joining…' : 'Join the workshop'}
        </button>
      </form>
    </main>
  );
}
