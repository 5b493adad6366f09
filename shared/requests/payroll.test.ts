import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../calling/defaults.ts';
import { payrollCsv, payrollRows, payrollXlsx } from './payroll.ts';
import { newRequest } from './request-flow.ts';
import type { SalesRequest } from '../core/types.ts';

const base: SalesRequest = newRequest({
  id: 'r',
  createdAt: Date.parse('2027-03-01T09:00:00Z'),
  prospectId: 'p',
  operatorId: 'op1',
  need: 'n',
  status: 'won',
  salesOwnerId: 's',
  acceptedAt: Date.parse('2027-03-02T09:00:00Z'),
  orderNumber: 'A',
  orderDate: '2027-03-10',
  orderValue: 200_000,
  closedAt: Date.parse('2027-03-10T09:00:00Z'),
});
const requests = [
  base,
  {
    ...base,
    id: 'r2',
    operatorId: 'op2',
    status: 'accepted' as const,
    orderValue: 0,
    closedAt: 0,
    estimatedValue: 100_000,
  },
];
const names: Record<string, string> = { op1: 'Анна Смирнова', op2: '=HYPERLINK("x")' };
const nameOf = (id: string) => names[id] ?? id;

describe('payroll export', () => {
  it('sums each operator’s month', () => {
    expect(payrollRows('2027-03', requests, defaultSettings(0), nameOf)).toEqual([
      { operatorId: 'op2', operator: '=HYPERLINK("x")', accepted: 1, won: 0, earned: 500, pending: 1000 },
      { operatorId: 'op1', operator: 'Анна Смирнова', accepted: 1, won: 1, earned: 2500, pending: 0 },
    ]);
  });

  it('writes CSV that opens in Excel with Cyrillic and cannot smuggle a formula', () => {
    const csv = payrollCsv('2027-03', requests, defaultSettings(0), nameOf);
    expect(csv.startsWith('\ufeffmonth,operator,')).toBe(true);
    expect(csv).toContain('2027-03,Анна Смирнова,1,1,2500,0');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('writes an XLSX that a ZIP and XML reader accepts', () => {
    const bytes = payrollXlsx('2027-03', requests, defaultSettings(0), nameOf);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'leadline-xlsx-')), 'payroll.xlsx');
    writeFileSync(file, bytes);
    // Python's zipfile and ElementTree are an independent reader of the format.
    const script = `
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
rows = [[(c.findtext('m:is/m:t', namespaces=ns) or c.findtext('m:v', namespaces=ns)) for c in r] for r in sheet.find('m:sheetData', ns)]
ET.fromstring(z.read('xl/workbook.xml')); ET.fromstring(z.read('[Content_Types].xml'))
print(repr(rows[0])); print(repr(rows[2]))`;
    const out = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(out).toContain("['month', 'operator', 'accepted_requests', 'won_orders', 'earned', 'pending']");
    expect(out).toContain("['2027-03', 'Анна Смирнова', '1', '1', '2500', '0']");
  });
});
