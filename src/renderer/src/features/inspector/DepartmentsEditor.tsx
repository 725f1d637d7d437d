import { addDepartment, deleteDepartment, updateDepartment } from '../../../../shared/model/commands';
import { useEditor } from '../../store/editorStore';
import { newId } from '../../ids';

const PALETTE = ['#2f7d4f', '#2c5fa8', '#b5472f', '#8a4fb0', '#a07a12', '#0f7b8a', '#c2185b', '#5d6d7e'];

/** Names and colors of the departments that ask for and read fields. */
export function DepartmentsEditor(): React.JSX.Element {
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const apply = useEditor((state) => state.apply);
  return (
    <div className="departments-editor">
      <h2>Departments</h2>
      <p className="muted">Who asks for fields and who reads them. Colors show on the stage cards.</p>
      <ul className="department-list">
        {departments.map((department) => (
          <li key={department.id}>
            <input
              type="color"
              value={department.color}
              aria-label={`Color of ${department.name}`}
              onChange={(event) =>
                apply((doc) => updateDepartment(doc, department.id, { color: event.target.value }), {
                  capture: { coalesce: `department:${department.id}:color` },
                })
              }
            />
            <input
              value={department.name}
              aria-label={`Name of department ${department.name}`}
              onChange={(event) => {
                const name = event.target.value;
                if (name.trim()) {
                  apply((doc) => updateDepartment(doc, department.id, { name }), { capture: { coalesce: `department:${department.id}:name` } });
                }
              }}
            />
            <button
              type="button"
              className="danger"
              aria-label={`Delete department ${department.name}`}
              onClick={() => apply((doc) => deleteDepartment(doc, department.id), { capture: 'record' })}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() =>
          apply((doc) =>
            addDepartment(doc, {
              id: newId('d'),
              name: `Department ${doc.departments.length + 1}`,
              color: PALETTE[doc.departments.length % PALETTE.length] as string,
            }), { capture: 'record' },
          )
        }
      >
        + Add department
      </button>
    </div>
  );
}
