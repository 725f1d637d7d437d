import { useEffect, useState } from 'react';
import type { Process } from '../../../../shared/model/schema';
import { call, errorMessage } from '../../api/client';
import { useReview } from '../../store/reviewStore';
import { DiffView, type DiffReport } from '../diff/DiffView';

/** Two stored revisions side by side: what changed from `from` to `to`, and what it costs. */
export function ComparePage({ from, to, onBack }: { from: number; to: number; onBack: () => void }): React.JSX.Element {
  const processId = useReview((state) => state.processId);
  const [result, setResult] = useState<{ before: Process; after: Process; report: DiffReport } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!processId) return;
    let cancelled = false;
    Promise.all([
      call('history:open', { processId, revision: from }),
      call('history:open', { processId, revision: to }),
      call('history:compare', { processId, from, to }),
    ])
      .then(([before, after, report]) => {
        if (!cancelled) setResult({ before: before.process, after: after.process, report });
      })
      .catch((caught: unknown) => !cancelled && setError(errorMessage(caught)));
    return () => {
      cancelled = true;
    };
  }, [processId, from, to]);

  return (
    <div className="review-page">
      <button type="button" className="link" onClick={onBack}>
        ← History
      </button>
      <h3>
        Revision {from} → revision {to}
      </h3>
      {error && (
        <p className="banner banner-error" role="alert">
          Could not compare: {error}
        </p>
      )}
      {!result && !error && <p className="muted">Comparing…</p>}
      {result && <DiffView before={result.before} after={result.after} report={result.report} title={`Revision ${from} → ${to}`} />}
    </div>
  );
}
