import type { ReactNode } from 'react';
import { formatCost } from '../../lib/api.ts';
import { formatCount, formatShare } from './usage-report.ts';

export interface CostShareRow {
  key: string;
  name: ReactNode;
  runs: number;
  costUsd: number;
}

/** Who spent what in the period: one row per agent or organization, with its share of the total. */
export function CostShareTable(props: {
  label: string;
  /** Header of the first column, and each cell's label at phone width. */
  nameHeader: string;
  rows: CostShareRow[];
  totalCostUsd: number;
}) {
  const { label, nameHeader, rows, totalCostUsd } = props;
  if (rows.length === 0) return <p className="muted">No runs in this period.</p>;
  return (
    <div className="table-wrap">
      <table aria-label={label} className="responsive">
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            <th scope="col">Runs</th>
            <th scope="col">Cost</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td data-label={nameHeader}>{row.name}</td>
              <td data-label="Runs">{formatCount(row.runs)}</td>
              <td data-label="Cost">{formatCost(row.costUsd)}</td>
              <td data-label="Share">{formatShare(row.costUsd, totalCostUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
