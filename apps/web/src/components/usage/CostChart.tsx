'use client';

import { useId } from 'react';
import { formatCost } from '../../lib/api.ts';
import styles from './CostChart.module.css';
import { axisTicks, formatCount, shortDay, type UsageDay } from './usage-report.ts';

/** How many date labels fit under the bars without crowding a phone-width chart. */
const maxDateLabels = 6;
/** Share of each day's slot left empty on either side of its bar. */
const barGap = 0.15;
/** Smallest bar (percent of the plot height) for a day with runs, so it never disappears. */
const minBarPercent = 1.5;

/**
 * Cost per day as bars, drawn in SVG without a chart library. The plot has a fixed height and
 * stretches to any width (the SVG scales on the x axis only; labels are HTML placed by
 * percentage), so nothing moves when data arrives or the window resizes. Every bar carries a
 * `<title>`; the same numbers are in a table below for keyboard and screen-reader users.
 */
export function CostChart({ days, label, busy }: { days: UsageDay[]; label: string; busy?: boolean }) {
  const captionId = useId();
  const titleId = useId();
  const max = Math.max(0, ...days.map((day) => day.costUsd));
  const { top, ticks, decimals } = axisTicks(max);
  const count = Math.max(days.length, 1);
  const every = Math.max(1, Math.ceil(days.length / maxDateLabels));
  const labelled = days
    .map((day, index) => ({ day, index }))
    .filter(({ index }) => (days.length - 1 - index) % every === 0);
  const busiest = days.reduce<UsageDay | null>(
    (best, day) => (best === null || day.costUsd > best.costUsd ? day : best),
    null,
  );
  const total = days.reduce((sum, day) => sum + day.costUsd, 0);
  const summary =
    days.length === 0
      ? `${label}: no data yet.`
      : `${label}: ${formatCost(total)} in total` +
        (busiest && busiest.costUsd > 0
          ? `, highest ${formatCost(busiest.costUsd)} on ${shortDay(busiest.date)}.`
          : '.');

  return (
    <figure className={styles.figure} aria-labelledby={captionId} aria-busy={busy ? 'true' : undefined}>
      <figcaption id={captionId} className={styles.caption}>
        {label}
      </figcaption>
      <div className={styles.grid}>
        <div className={styles.yAxis} aria-hidden="true">
          {ticks.map((tick) => (
            <span key={tick} className={styles.yLabel} style={{ bottom: `${(tick / top) * 100}%` }}>
              ${tick.toFixed(decimals)}
            </span>
          ))}
        </div>
        <div className={styles.plot}>
          <svg
            className={styles.svg}
            viewBox={`0 0 ${count} 100`}
            preserveAspectRatio="none"
            role="img"
            aria-labelledby={titleId}
          >
            <title id={titleId}>{summary}</title>
            {ticks.map((tick) => (
              <line
                key={tick}
                className={styles.gridLine}
                x1={0}
                x2={count}
                y1={100 - (tick / top) * 100}
                y2={100 - (tick / top) * 100}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {days.map((day, index) => {
              const percent = (day.costUsd / top) * 100;
              const height = day.runs > 0 || day.costUsd > 0 ? Math.max(percent, minBarPercent) : 0;
              return (
                <rect
                  key={day.date}
                  className={styles.bar}
                  x={index + barGap}
                  width={1 - 2 * barGap}
                  y={100 - height}
                  height={height}
                  data-date={day.date}
                  data-cost={day.costUsd}
                >
                  <title>{`${shortDay(day.date)}: ${formatCost(day.costUsd)}, ${formatCount(day.runs)} runs`}</title>
                </rect>
              );
            })}
          </svg>
          {!busy && days.length > 0 && max === 0 ? (
            <p className={styles.empty}>No cost in this period.</p>
          ) : null}
        </div>
        <div className={styles.xAxis} aria-hidden="true">
          {labelled.map(({ day, index }) => {
            // With narrow slots the outermost labels align to the plot's edges, so they never
            // stick out of it (a horizontal scrollbar at phone width).
            const edge = count > 7 && index === 0 ? 'start' : count > 7 && index === count - 1 ? 'end' : null;
            const left = edge === 'start' ? index : edge === 'end' ? index + 1 : index + 0.5;
            return (
              <span
                key={day.date}
                className={`${styles.xLabel} ${edge ? styles[edge] : ''}`}
                style={{ left: `${(left / count) * 100}%` }}
              >
                {shortDay(day.date)}
              </span>
            );
          })}
        </div>
      </div>
      <details className={styles.details}>
        <summary>Show the numbers as a table</summary>
        <div className="table-wrap">
          <table aria-label={`${label} (table)`}>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Runs</th>
                <th scope="col">Cost</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{day.date}</th>
                  <td>{formatCount(day.runs)}</td>
                  <td>{formatCost(day.costUsd)}</td>
                  <td>{formatCount(day.inputTokens)}</td>
                  <td>{formatCount(day.outputTokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
