import { formatCost } from '../../lib/api.ts';
import styles from './UsageTotalsList.module.css';
import { formatCount, type UsageTotals } from './usage-report.ts';

/** Runs, cost and tokens of a period; dashes until the numbers arrive (same size either way). */
export function UsageTotalsList({ totals }: { totals: UsageTotals | null }) {
  const value = (format: (t: UsageTotals) => string) => (totals ? format(totals) : '—');
  return (
    <dl className={styles.totals} aria-label="Totals">
      <div className={styles.item}>
        <dt>Runs</dt>
        <dd data-testid="total-runs">{value((t) => formatCount(t.runs))}</dd>
      </div>
      <div className={styles.item}>
        <dt>Cost</dt>
        <dd data-testid="total-cost">{value((t) => formatCost(t.costUsd))}</dd>
      </div>
      <div className={styles.item}>
        <dt>Input tokens</dt>
        <dd data-testid="total-input-tokens">{value((t) => formatCount(t.inputTokens))}</dd>
      </div>
      <div className={styles.item}>
        <dt>Output tokens</dt>
        <dd data-testid="total-output-tokens">{value((t) => formatCount(t.outputTokens))}</dd>
      </div>
    </dl>
  );
}
