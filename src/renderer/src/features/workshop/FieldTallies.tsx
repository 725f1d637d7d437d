import { useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import { selectVisibleVotes, useWorkshop } from '../../store/workshopStore';
import { departmentBreakdown, tallyOf } from './liveTallies';

/**
 * What the room said about one field: how many fill it and read it, and — for the facilitator
 * always, for the room once revealed — keep / drop / not sure, with the split per department.
 */
export function FieldTallies({ fieldId }: { fieldId: string }): React.JSX.Element | null {
  const role = useWorkshop((state) => state.role);
  const marks = useWorkshop((state) => state.room.marks);
  const participants = useWorkshop((state) => state.room.participants);
  const votes = useWorkshop(selectVisibleVotes);
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const tally = useMemo(() => tallyOf({ marks, votes: votes ?? [], participants }, fieldId), [marks, votes, participants, fieldId]);
  if (!role) return null;
  const breakdown = departmentBreakdown(tally, departments);
  return (
    <div className="field-tallies" data-testid="field-tallies">
      <div className="tally-line">
        <span className="tally" data-testid="tally-fills">
          <strong>{tally.fills}</strong> fill
        </span>
        <span className="tally" data-testid="tally-reads">
          <strong>{tally.reads}</strong> read
        </span>
        {votes ? (
          <span className="tally-votes" data-testid="tally-votes">
            <span className="tally keep">
              <strong>{tally.keep}</strong> keep
            </span>
            <span className="tally drop">
              <strong>{tally.drop}</strong> drop
            </span>
            <span className="tally unsure">
              <strong>{tally.unsure}</strong> not sure
            </span>
          </span>
        ) : (
          <span className="muted small">Votes are hidden until the facilitator reveals them.</span>
        )}
      </div>
      {breakdown.length > 0 && (
        <details className="tally-departments">
          <summary>By department</summary>
          <table className="burden-table">
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col" className="num">
                  Fill
                </th>
                <th scope="col" className="num">
                  Read
                </th>
                {votes && (
                  <>
                    <th scope="col" className="num">
                      Keep
                    </th>
                    <th scope="col" className="num">
                      Drop
                    </th>
                    <th scope="col" className="num">
                      Not sure
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {breakdown.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{row.name}</th>
                  <td className="num">{row.fills}</td>
                  <td className="num">{row.reads}</td>
                  {votes && (
                    <>
                      <td className="num">{row.keep}</td>
                      <td className="num">{row.drop}</td>
                      <td className="num">{row.unsure}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
