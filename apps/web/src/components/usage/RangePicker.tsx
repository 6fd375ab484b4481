'use client';

import styles from './RangePicker.module.css';
import { type RangeDays, rangeChoices } from './usage-report.ts';

/** The period a usage view covers, ending today: radio buttons (arrow keys move between them). */
export function RangePicker({ value, onChange }: { value: RangeDays; onChange: (days: RangeDays) => void }) {
  return (
    <fieldset className={styles.picker}>
      <legend className="sr-only">Period</legend>
      {rangeChoices.map((days) => (
        <label key={days} className={styles.choice}>
          <input
            type="radio"
            name="usage-range"
            value={days}
            checked={value === days}
            onChange={() => onChange(days)}
          />
          <span>{days} days</span>
        </label>
      ))}
    </fieldset>
  );
}
