import { describe, expect, it } from 'vitest';
import { trendLineChart, workloadBarChart } from './charts.js';

describe('workloadBarChart', () => {
  const chart = workloadBarChart([
    { label: 'Within', pct: 90, displayPct: 90, band: 'WITHIN' },
    { label: 'Amber', pct: 105, displayPct: 105, band: 'AMBER' },
    { label: 'Red', pct: 150, displayPct: 150, band: 'RED' },
    { label: 'None', pct: null, displayPct: null, band: 'NO_AVAILABLE_POINTS' },
  ]);

  it('colours bars blue, orange and red by band, and grey with the words for no available points', () => {
    expect(chart.bars.map((b) => b.fill)).toEqual(['#1d70b8', '#f47738', '#d4351c', '#b1b4b6']);
    expect(chart.bars.map((b) => b.valueText)).toEqual(['90.0%', '105.0%', '150.0%', 'No available points']);
    expect(chart.bars[3]!.width).toBe(0);
  });

  it('draws bars in proportion, with guides at 100% and 110% on the same scale', () => {
    const [within, , red] = chart.bars;
    expect(red!.width / within!.width).toBeCloseTo(150 / 90, 9);
    const [g100, g110] = chart.guides;
    expect((g110!.x - chart.labelWidth) / (g100!.x - chart.labelWidth)).toBeCloseTo(1.1, 9);
    expect(chart.summary).toContain('1 over 110%, 1 over 100%');
  });
});

describe('trendLineChart', () => {
  it('leaves a gap for a week with no available points and labels the latest figure', () => {
    const chart = trendLineChart([
      { weekEnding: '2026-11-08', pct: 100, displayPct: 100 },
      { weekEnding: '2026-11-15', pct: null, displayPct: null },
      { weekEnding: '2026-11-22', pct: 120, displayPct: 120 },
    ]);
    expect(chart.dots).toHaveLength(2);
    expect(chart.dots[1]!.y).toBeLessThan(chart.dots[0]!.y);
    expect(chart.summary).toContain('latest 120.0%');
  });

  it('says so when there are no snapshots yet', () => {
    expect(trendLineChart([]).summary).toBe('No weekly snapshots have been taken yet.');
  });
});
