import type { ReactNode } from 'react';

interface ChartNumbersProps {
  /** Column headings; `numeric` ones are right-aligned. */
  columns: ReadonlyArray<{ label: string; numeric?: boolean }>;
  /** The table rows (`<tr>` elements). */
  children: ReactNode;
}

/** The text alternative under every chart: its numbers as a table, folded away by default. */
export function ChartNumbers({ columns, children }: ChartNumbersProps): React.JSX.Element {
  return (
    <details className="chart-table">
      <summary>The numbers</summary>
      <table className="burden-table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </details>
  );
}
