import { bonusByMonth } from './bonus.ts';
import type { SalesRequest, Settings } from '../core/types.ts';
import { type CsvSeparator, toCsv } from '../formats/csv.ts';
import { xlsx } from '../formats/xlsx.ts';

/** One row per operator for a month: earned, pending, and how many requests stand behind them. */
export interface PayrollRow {
  operatorId: string;
  operator: string;
  accepted: number;
  won: number;
  earned: number;
  pending: number;
}

export function payrollRows(
  month: string,
  requests: readonly SalesRequest[],
  settings: Pick<Settings, 'bonus' | 'workingHours'>,
  nameOf: (id: string) => string,
): PayrollRow[] {
  const byOperator = new Map<string, SalesRequest[]>();
  for (const r of requests) byOperator.set(r.operatorId, [...(byOperator.get(r.operatorId) ?? []), r]);
  const rows: PayrollRow[] = [];
  for (const [operatorId, list] of byOperator) {
    const m = bonusByMonth(list, settings).find((x) => x.month === month);
    if (!m) continue;
    rows.push({
      operatorId,
      operator: nameOf(operatorId),
      accepted: m.lines.filter((l) => l.kind === 'accepted').length,
      won: m.lines.filter((l) => l.kind === 'won').length,
      earned: m.earned,
      pending: m.pending,
    });
  }
  return rows.toSorted((a, b) => a.operator.localeCompare(b.operator));
}

const HEADER = ['month', 'operator', 'accepted_requests', 'won_orders', 'earned', 'pending'];

/** The month's payroll as a spreadsheet. */
export function payrollXlsx(
  month: string,
  requests: readonly SalesRequest[],
  settings: Pick<Settings, 'bonus' | 'workingHours'>,
  nameOf: (id: string) => string,
): Uint8Array {
  const rows = payrollRows(month, requests, settings, nameOf).map((r) => [
    month,
    r.operator,
    r.accepted,
    r.won,
    r.earned,
    r.pending,
  ]);
  return xlsx(`Payroll ${month}`, [HEADER, ...rows]);
}

/** The month's payroll as CSV (UTF-8 with BOM, so Excel opens Cyrillic names correctly). */
export function payrollCsv(
  month: string,
  requests: readonly SalesRequest[],
  settings: Pick<Settings, 'bonus' | 'workingHours'>,
  nameOf: (id: string) => string,
  separator: CsvSeparator = ',',
): string {
  const cents = (n: number) => Math.round(n * 100) / 100;
  const lines = payrollRows(month, requests, settings, nameOf).map((r) => [
    month,
    r.operator,
    r.accepted,
    r.won,
    cents(r.earned),
    cents(r.pending),
  ]);
  return toCsv([HEADER, ...lines], separator);
}
